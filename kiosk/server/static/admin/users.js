"use strict";
const ROLES = {admin: "Quản trị", staff: "Cán bộ", manager: "Lãnh đạo"};
const me = document.querySelector(".who").dataset.user;

async function act(promise, message) {
  try { await promise; flash(message); load(); } catch (error) { showError(error); }
}

function userRow(u) {
  return el("tr", {"data-user": u.username},
    el("td", {}, u.username), el("td", {}, ROLES[u.role] || u.role),
    el("td", {}, el("span", {class: u.active ? "badge ok" : "badge off"}, u.active ? "Hoạt động" : "Đã khóa")),
    el("td", {}, formatTime(u.created_at)),
    el("td", {},
      u.active ? el("button", {type: "button", class: "danger", disabled: u.username === me,
        onclick: () => confirm(`Khóa tài khoản ${u.username}?`) && act(api("POST", `/api/admin/users/${encodeURIComponent(u.username)}/disable`), "Đã khóa tài khoản.")}, "Khóa")
        : el("button", {type: "button", onclick: () => act(api("POST", `/api/admin/users/${encodeURIComponent(u.username)}/enable`), "Đã mở khóa tài khoản.")}, "Mở khóa"),
      " ",
      el("button", {type: "button", onclick: () => {
        const password = prompt(`Mật khẩu mới cho ${u.username} (ít nhất 8 ký tự):`);
        if (password) act(api("POST", `/api/admin/users/${encodeURIComponent(u.username)}/password`, {password}), "Đã đặt lại mật khẩu.");
      }}, "Đặt lại mật khẩu")));
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
    form.reset(); flash("Đã tạo tài khoản."); load();
  } catch (error) { showError(error, form); }
});
load();
