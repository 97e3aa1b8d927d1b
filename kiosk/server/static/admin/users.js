"use strict";
const ROLES = {admin: t("Quản trị"), staff: t("Cán bộ"), manager: t("Lãnh đạo"), kiosk: "Kiosk", display: t("Màn hình")};
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

function deviceRow(d) {
  return el("tr", {"data-device": d.name},
    el("td", {}, d.name), el("td", {}, ROLES[d.role] || d.role),
    el("td", {}, el("span", {class: d.active ? "badge ok" : "badge off"}, d.active ? t("Hoạt động") : t("Đã thu hồi"))),
    el("td", {}, formatTime(d.created_at)), el("td", {}, formatTime(d.last_seen) || "–"),
    el("td", {}, d.active
      ? el("button", {type: "button", class: "danger", onclick: () => confirm(t("Thu hồi mã của {name}? Thiết bị sẽ không kết nối được nữa.", {name: d.name}))
          && act(api("POST", `/api/admin/devices/${encodeURIComponent(d.name)}/revoke`), t("Đã thu hồi mã thiết bị."))}, t("Thu hồi"))
      : el("button", {type: "button", onclick: () => newDevice(d.name, d.role)}, t("Cấp mã mới"))));
}

async function newDevice(name, role) {
  try {
    const device = await api("POST", "/api/admin/devices", {name, role});
    document.getElementById("token").textContent = device.token;
    document.getElementById("token-box").hidden = false;
    flash(t("Đã cấp mã cho thiết bị ") + device.name + ".");
    load();
  } catch (error) { showError(error); }
}

async function load() {
  try {
    document.querySelector("#users tbody").replaceChildren(...(await api("GET", "/api/admin/users")).map(userRow));
    document.querySelector("#devices tbody").replaceChildren(...(await api("GET", "/api/admin/devices")).map(deviceRow));
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
document.getElementById("new-device").addEventListener("submit", (event) => {
  event.preventDefault();
  newDevice(event.target.elements.name.value.trim(), event.target.elements.role.value);
});
load();
