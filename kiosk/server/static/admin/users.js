"use strict";
const ROLES = {admin: "Quản trị", staff: "Cán bộ", manager: "Lãnh đạo", kiosk: "Kiosk", display: "Màn hình"};
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

function deviceRow(d) {
  return el("tr", {"data-device": d.name},
    el("td", {}, d.name), el("td", {}, ROLES[d.role] || d.role),
    el("td", {}, el("span", {class: d.active ? "badge ok" : "badge off"}, d.active ? "Hoạt động" : "Đã thu hồi")),
    el("td", {}, formatTime(d.created_at)), el("td", {}, formatTime(d.last_seen) || "–"),
    el("td", {}, d.active
      ? el("button", {type: "button", class: "danger", onclick: () => confirm(`Thu hồi mã của ${d.name}? Thiết bị sẽ không kết nối được nữa.`)
          && act(api("POST", `/api/admin/devices/${encodeURIComponent(d.name)}/revoke`), "Đã thu hồi mã thiết bị.")}, "Thu hồi")
      : el("button", {type: "button", onclick: () => newDevice(d.name, d.role)}, "Cấp mã mới")));
}

async function newDevice(name, role) {
  try {
    const device = await api("POST", "/api/admin/devices", {name, role});
    document.getElementById("token").textContent = device.token;
    document.getElementById("token-box").hidden = false;
    flash("Đã cấp mã cho thiết bị " + device.name + ".");
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
    form.reset(); flash("Đã tạo tài khoản."); load();
  } catch (error) { showError(error, form); }
});
document.getElementById("new-device").addEventListener("submit", (event) => {
  event.preventDefault();
  newDevice(event.target.elements.name.value.trim(), event.target.elements.role.value);
});
load();
