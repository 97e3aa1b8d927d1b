"use strict";
// The sign-in form shared by the reports page and the fee ledger: one login per browser tab.
const REPORTS_TOKEN_KEY = "kiosk.reports.token";

function bindLogin(onSignedIn) {
  document.getElementById("login").addEventListener("submit", async event => {
    event.preventDefault();
    const form = new FormData(event.target);
    const response = await fetch("/api/auth/login", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({username: form.get("username"), password: form.get("password")})});
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      document.getElementById("login-error").textContent = (body && body.detail && body.detail.message) || "Đăng nhập thất bại.";
      return;
    }
    sessionStorage.setItem(REPORTS_TOKEN_KEY, body.token);
    onSignedIn(body.token);
  });
}
