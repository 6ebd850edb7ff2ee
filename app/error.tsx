"use client";

import Link from "next/link";

// Shown instead of any unexpected failure: never a stack trace. Bilingual because the
// language cookie cannot be read here.
export default function ErrorPage() {
  return (
    <main id="main" className="narrow">
      <h1>Đã có lỗi xảy ra</h1>
      <p>Hệ thống chưa xử lý được yêu cầu. Vui lòng thử lại sau ít phút.</p>
      <p lang="en" className="muted">
        Something went wrong. Please try again in a few minutes.
      </p>
      <p>
        <Link href="/">Trang chủ / Home</Link>
      </p>
    </main>
  );
}
