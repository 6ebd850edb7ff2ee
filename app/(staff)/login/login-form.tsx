"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { readSignInError } from "@/lib/auth/sign-in-error";

type Labels = {
  username: string;
  password: string;
  submit: string;
  submitting: string;
  failed: string;
  unavailable: string;
  /** With `{minutes}`: the wait after too many wrong passwords. */
  throttled: string;
};

/** The message for a refused sign-in. */
function signInErrorText(labels: Labels, result: { error?: string | null; status?: number } | undefined): string {
  const error = readSignInError(result);
  if (error.kind === "throttled") return labels.throttled.replace("{minutes}", String(error.minutes));
  return error.kind === "unavailable" ? labels.unavailable : labels.failed;
}

export function LoginForm({ labels, callbackUrl }: { labels: Labels; callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        username: String(form.get("username") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      if (result?.ok && !result.error) {
        router.replace(callbackUrl);
        router.refresh();
        return;
      }
      setError(signInErrorText(labels, result));
    } catch {
      setError(labels.unavailable);
    }
    setBusy(false);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby={error ? "login-error" : undefined}>
      {error && (
        <p id="login-error" className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor="username">{labels.username}</label>
        <input id="username" name="username" type="text" autoComplete="username" required autoCapitalize="none" />
      </div>
      <div className="field">
        <label htmlFor="password">{labels.password}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" disabled={busy}>
        {busy ? labels.submitting : labels.submit}
      </button>
    </form>
  );
}
