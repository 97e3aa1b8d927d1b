"use strict";
const ROLES = {admin: t("Quản trị"), staff: t("Cán bộ"), manager: t("Lãnh đạo")};
const me = document.querySelector(".who").dataset.user;

async function act(promise, message) {
  try { await promise; flash(message); load(); } catch (error) { showError(error); }
}

function userRow(u) {
  return el("tr", {"data-user": u.username},
    el("td", {}, u.username), el("td", {}, ROLES[u.role] || u.role),
    el("td", {}, el("span", {class: u.active ? "badge ok" : "badge off"}, u.active ? t("Hoạt động") : t("Đã khóa"))),
    el("td", {}, formatTime(u.created_at)),
    el("td", {},
      u.active ? el("button", {type: "button", class: "danger", disabled: u.username === me,
        onclick: () => confirm(t("Khóa tài khoản {name}?", {name: u.username})) && act(api("POST", `/api/admin/users/${encodeURIComponent(u.username)}/disable`), t("Đã khóa tài khoản."))}, t("Khóa"))
        : el("button", {type: "button", onclick: () => act(api("POST", `/api/admin/users/${encodeURIComponent(u.username)}/enable`), t("Đã mở khóa tài khoản."))}, t("Mở khóa")),
      " ",
      el("button", {type: "button", onclick: () => {
        const password = prompt(t("Mật khẩu mới cho {name} (ít nhất 8 ký tự):", {name: u.username}));
        if (password) act(api("POST", `/api/admin/users/${encodeURIComponent(u.username)}/password`, {password}), t("Đã đặt lại mật khẩu."));
      }}, t("Đặt lại mật khẩu"))));
}

async function load() {
  try {
    document.querySelector("#users tbody").replaceChildren(...(await api("GET", "/api/admin/users")).map(userRow));
    const storage = await api("GET", "/api/storage");        // the server's own disk: full, failing or low
    const warning = document.getElementById("storage-warning");
    warning.textContent = storage.message;
    warning.hidden = storage.status === "ok";
  } catch (error) { showError(error); }
}

document.getElementById("new-user").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    await api("POST", "/api/admin/users", {username: form.username.value.trim(), password: form.password.value, role: form.role.value});
    form.reset(); flash(t("Đã tạo tài khoản.")); load();
  } catch (error) { showError(error, form); }
});
load();
