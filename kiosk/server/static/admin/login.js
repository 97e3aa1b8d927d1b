"use strict";
document.getElementById("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target, error = document.getElementById("login-error");
  error.hidden = true;
  const response = await fetch("/api/auth/login", {
    method: "POST", headers: {"Content-Type": "application/json"}, credentials: "same-origin",
    body: JSON.stringify({username: form.username.value.trim(), password: form.password.value, cookie: true}),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    error.textContent = (body.detail && body.detail.message) || t("Đăng nhập không thành công.");
    error.hidden = false;
    return;
  }
  location.href = form.dataset.next || "/admin/procedures";
});
