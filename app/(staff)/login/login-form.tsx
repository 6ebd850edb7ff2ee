"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

type Labels = { username: string; password: string; submit: string; submitting: string; failed: string; unavailable: string };

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
      setError(result?.status === 401 || result?.error ? labels.failed : labels.unavailable);
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
