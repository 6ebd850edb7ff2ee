import { authSecret, publicUrl } from "@/lib/env";
import { invitationToken, surveyPath } from "./token";

/** The full survey URL of an invitation, as printed in its QR. */
export function invitationUrl(invitationId: string): string {
  return `${publicUrl()}${surveyPath(invitationToken(authSecret(), invitationId))}`;
}
