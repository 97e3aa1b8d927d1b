"use strict";
// Shared by the admin pages: API calls with the CSRF token, messages, small DOM helpers.
const CSRF = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
// The admin's language: t(text, {name: value}) gives the page's translation (inline
// JSON the server adds for this page's scripts), with {name} placeholders filled.
const STRINGS = JSON.parse((document.getElementById("strings") || {}).textContent || "{}");
function t(text, values = {}) {
  return (STRINGS[text] || text).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}


class ApiError extends Error {
  constructor(status, detail) {
    super((detail && detail.message) || t("Yêu cầu không thành công."));
    this.status = status;
    this.detail = detail || {};
  }
}

async function api(method, url, body, options = {}) {
  const headers = {"X-CSRF-Token": CSRF};
  let payload = body;
  if (body !== undefined && !(body instanceof Blob) && !(body instanceof ArrayBuffer)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(url, {method, headers, body: payload, credentials: "same-origin"});
  if (response.status === 401) {
    location.href = "/admin/login?next=" + encodeURIComponent(location.pathname + location.search);
    throw new ApiError(401, {message: t("Vui lòng đăng nhập lại.")});
  }
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw new ApiError(response.status, data.detail);
  }
  if (options.raw) return response;
  return response.status === 204 ? null : response.json();
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function flash(text, kind = "ok") {
  const box = document.getElementById("flash");
  box.className = kind;
  box.textContent = text;
  if (kind === "ok") setTimeout(() => { if (box.textContent === text) { box.textContent = ""; box.className = ""; } }, 6000);
}

// Show an ApiError: the Vietnamese message, each problem next to its field when the form has one.
function showError(error, form) {
  if (form) form.querySelectorAll(".field-problem").forEach((n) => n.remove());
  if (form) form.querySelectorAll("[aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
  const problems = (error.detail && error.detail.problems) || [];
  const list = el("ul", {class: "problems"});
  for (const problem of problems) {
    list.append(el("li", {}, problem.message || problem.reason, problem.field ? el("small", {}, " (" + problem.field + ": " + problem.reason + ")") : ""));
    const doc = /^documents\[(\d+)\]\.(\w+)$/.exec(problem.field || "");
    const cell = doc && form && form.querySelectorAll("#documents tbody tr")[+doc[1]]?.querySelector(`[data-key="${doc[2]}"]`);
    if (cell) cell.setAttribute("aria-invalid", "true");
    const root = (problem.field || "").split(/[.\[]/)[0];
    const input = form && root && form.querySelector(`[name="${root}"]`);
    if (input) {
      input.setAttribute("aria-invalid", "true");
      const note = el("div", {class: "field-problem"}, problem.message || problem.reason);
      (input.closest("label") || input).after(note);
    }
  }
  const box = document.getElementById("flash");
  box.className = "bad";
  const headline = problems.length > 1 ? t("Chưa lưu được: có {count} lỗi cần sửa.", {count: problems.length}) : error.message;
  box.replaceChildren(el("b", {}, headline), problems.length > 1 || (problems.length && !form) ? list : "");
  box.scrollIntoView({block: "nearest"});
}

function formatTime(iso) {
  if (!iso) return "";
  return iso.replace("T", " ").slice(0, 19);
}

document.getElementById("logout")?.addEventListener("click", async () => {
  await fetch("/api/auth/logout", {method: "POST", credentials: "same-origin", headers: {"X-CSRF-Token": CSRF}});
  location.href = "/admin/login";
});

