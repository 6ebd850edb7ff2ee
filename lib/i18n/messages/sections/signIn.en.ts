import type { signInVi } from "./signIn.vi";

export const signInEn: typeof signInVi = {
  throttled: "Too many wrong attempts. Please try again in {minutes} minutes.",
  counters: {
    title: "Failed sign-ins",
    intro:
      "After {clientFailures} wrong passwords within {minutes} minutes from one device, that device cannot sign in to this account for {minutes} minutes; after {accountFailures} failures from anywhere within 24 hours, each further attempt from a device must wait longer (at most {maxWait} minutes). A correct sign-in from another device still works at once.",
    accountFailures: "Failures in the last 24 hours",
    heldClients: "Devices held now",
    lastFailure: "Last failure",
    none: "None",
    clear: "Clear the sign-in counters",
    cleared: "Sign-in counters cleared ({count} records).",
  },
};
