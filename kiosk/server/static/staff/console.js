"use strict";
const TOKEN_KEY = "kiosk.staff.token", USER_KEY = "kiosk.staff.user", COUNTER_KEY = "kiosk.staff.counter";
let token = localStorage.getItem(TOKEN_KEY);
let counterId = Number(localStorage.getItem(COUNTER_KEY)) || null;
let counters = [], services = [], overview = null, today = null, failed = [], waiting = [], missed = [];
let live = null, refreshTimer = null, busy = false;
const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, detail) { super((detail && detail.message) || "Lỗi " + status); this.status = status; this.detail = detail; }
}

async function api(method, path, body) {
  const headers = {"Accept": "application/json"};
  if (token) headers["Authorization"] = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {method, headers, cache: "no-store",
                                  body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (error) {
    throw new ApiError(0, {message: "Không kết nối được máy chủ. Vui lòng thử lại."});
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (response.status === 401) {
    askLogin("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.");
    throw new ApiError(401, data && data.detail);
  }
  if (!response.ok) throw new ApiError(response.status, data && data.detail);
  return data;
}

/* ---- login and counter choice: overlays, so what is on screen stays ---- */
function askLogin(reason) {
  $("login-reason").textContent = reason || "";
  $("login-problem").textContent = "";
  $("username").value = localStorage.getItem(USER_KEY) || $("username").value;
  $("login-overlay").classList.add("shown");
  ($("username").value ? $("password") : $("username")).focus();
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("login-problem").textContent = "";
  try {
    const response = await fetch("/api/auth/login", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({username: $("username").value.trim(), password: $("password").value})});
    const data = await response.json().catch(() => null);
    if (!response.ok) { $("login-problem").textContent = (data && data.detail && data.detail.message) || "Đăng nhập không thành công."; return; }
    token = data.token;
    localStorage.setItem(TOKEN_KEY, token);
    localStorage.setItem(USER_KEY, data.username);
    $("password").value = "";
    $("login-overlay").classList.remove("shown");
    await enter();
  } catch (error) {
    $("login-problem").textContent = "Không kết nối được máy chủ. Vui lòng thử lại.";
  }
});

function chooseCounter() {
  $("counter-list").replaceChildren(...counters.map(c => el("button", {type: "button", dataset: {counter: c.id},
    onclick: () => { counterId = c.id; localStorage.setItem(COUNTER_KEY, String(c.id));
                     $("counter-overlay").classList.remove("shown"); clearError(); refresh(); }},
    c.name, el("small", {text: c.services.map(serviceName).join(", ")}))));
  $("counter-overlay").classList.add("shown");
}

$("change-counter").addEventListener("click", () => { if (counters.length) chooseCounter(); });
$("logout").addEventListener("click", async () => {
  try { await api("POST", "/api/auth/logout"); } catch (error) { /* logging out anyway */ }
  token = null; localStorage.removeItem(TOKEN_KEY);
  askLogin("");
});

async function enter() {
  try {
    const me = await api("GET", "/api/auth/me");
    if (me.kind === "anonymous") { askLogin(""); return; }
    $("who").textContent = "Cán bộ: " + me.name;
    [counters, services] = await Promise.all([api("GET", "/api/counters"), api("GET", "/api/services")]);
    checkStorage();
    if (typeof checkDevices === "function") checkDevices();   // static/staff/alerts.js
    if (!counters.some(c => c.id === counterId)) { counterId = null; chooseCounter(); return; }
    await refresh();
  } catch (error) {
    if (error.status !== 401) showError(error.message);
  }
}

/* ---- the screen ---- */
function serviceName(id) { const s = services.find(x => x.id === id); return s ? s.name : id; }
function counter() { return counters.find(c => c.id === counterId); }
function current() {
  const c = overview && overview.counters.find(x => x.id === counterId);
  return c ? c.current : null;
}

function scheduleRefresh() {
  if (!refreshTimer) refreshTimer = setTimeout(() => { refreshTimer = null; refresh(); }, 60);
}

/* One refresh at a time, and one more if something changed meanwhile: an older answer can
   never land after a newer one and leave the screen stale. */
let refreshing = null, refreshAgain = false;
async function refresh() {
  if (refreshing) { refreshAgain = true; return refreshing; }
  refreshing = (async () => {
    do { refreshAgain = false; await load(); } while (refreshAgain);
  })();
  try { await refreshing; } finally { refreshing = null; }
}

async function load() {
  if (!counterId || !token) return;
  try {
    [overview, today, failed, waiting, missed] = await Promise.all([api("GET", "/api/queue"),
      api("GET", "/api/counters/" + counterId + "/today"), api("GET", "/api/staff/print-failed"),
      api("GET", "/api/counters/" + counterId + "/waiting"), api("GET", "/api/counters/" + counterId + "/no-shows")]);
    render();
  } catch (error) {
    if (error.status === 404) { counterId = null; chooseCounter(); }
  }
}

function render() {
  const c = counter();
  if (!c || !overview) return;
  $("title").textContent = c.name;
  document.title = c.name + " – Quầy phục vụ";
  const ticket = current();
  const box = $("current");
  if (ticket) {
    box.className = "";
    box.dataset.ticket = ticket.id;
    box.replaceChildren(
      el("div", {class: "number", id: "current-number", text: ticket.number}),
      el("div", {class: "procedure", text: ticket.procedure_name}),
      el("div", {class: "meta", text: serviceName(ticket.service_id)}),
      recallsNote(ticket),
      ticket.priority ? el("div", {}, el("span", {class: "mark", text: "★ Ưu tiên: " + PRIORITY_VI[ticket.priority]})) : el("div"),
      el("div", {class: "meta", text: "Đã chờ " + minutesSince(ticket.issued_at, ticket.called_at) + " phút · tại quầy " +
                 minutesSince(ticket.called_at) + " phút"}));
  } else {
    box.className = "empty";
    delete box.dataset.ticket;
    box.textContent = (today && today.called ? "Quầy đang trống, không có ai đang được phục vụ."
                                             : "Chưa gọi số nào hôm nay.") + " Bấm “Gọi số tiếp theo” (F1).";
  }
  for (const id of ["recall", "no-show", "finish", "show-transfer", "show-fee"]) $(id).disabled = !ticket;

  const rows = waiting;   // the server's call order: priority first, then by issue time
  $("waiting-title").textContent = "Danh sách chờ (" + rows.length + ") – " + c.services.map(serviceName).join(", ");
  $("waiting").replaceChildren(...(rows.length ? rows.map(t => el("tr", {class: t.priority ? "priority" : "", dataset: {ticket: t.id}},
      el("td", {class: "num", text: t.number}),
      el("td", {}, t.procedure_name, t.priority ? el("div", {}, el("span", {class: "mark", text: "★ " + PRIORITY_VI[t.priority]})) : null),
      el("td", {class: "wait", text: minutesSince(t.issued_at) + " phút"}),
      el("td", {}, el("button", {type: "button", text: "Gọi", onclick: () => act(() => api("POST", "/api/tickets/" + t.id + "/call", {counter_id: counterId}), "Đã gọi số " + t.number + ".")}))))
    : [el("tr", {}, el("td", {colspan: 4, class: "empty-row", text: "Không có ai đang chờ."}))]));

  renderMissed();
  $("today").replaceChildren(...[["called", "Đã gọi"], ["done", "Hoàn thành"], ["no_show", "Vắng mặt"],
      ["transferred", "Đã chuyển"], ["waiting", "Đang chờ"]].map(([key, label]) =>
    el("div", {dataset: {count: key}}, el("b", {text: today ? today[key] : "–"}), el("span", {text: label}))));

  $("failed-panel").className = "panel" + (failed.length ? "" : " none");
  $("failed").replaceChildren(...failed.map(t => el("tr", {dataset: {ticket: t.id}},
    el("td", {class: "num", text: t.number}), el("td", {text: t.procedure.name}),
    el("td", {}, el("button", {type: "button", text: "In lại", onclick: () => act(() => api("POST", "/api/tickets/" + t.id + "/reprint"), "Đã in lại phiếu số " + t.number + ".")})))));
}

function showError(message) { $("error").textContent = message; $("error").classList.add("shown"); $("notice").textContent = ""; }
function clearError() { $("error").textContent = ""; $("error").classList.remove("shown"); }

/* Every action names this counter; the server refuses a ticket that is at another counter. */
async function act(request, notice) {
  if (busy || !counterId) return;   // one action at a time; the next waits for a fresh screen
  busy = true;
  document.body.classList.add("busy");
  clearError();
  try {
    const result = await request();
    $("notice").textContent = typeof notice === "function" ? notice(result) : notice;
  } catch (error) {
    if (error.status !== 401) showError(error.message);
    else showError("Phiên làm việc đã hết hạn. Đăng nhập lại rồi thực hiện lại thao tác.");
  } finally {
    await refresh();
    busy = false;
    document.body.classList.remove("busy");
  }
}

function ticketAction(path, notice) {
  const ticket = current();
  if (!ticket) { showError("Quầy chưa có số nào đang phục vụ."); return; }
  act(() => api("POST", "/api/tickets/" + ticket.id + "/" + path, {counter_id: counterId}), notice.replace("{n}", ticket.number));
}

const ACTIONS = {
  next: () => act(() => api("POST", "/api/counters/" + counterId + "/next"),
                  (t) => t ? "Đã gọi số " + t.number + "." : "Không còn ai đang chờ."),
  recall: () => ticketAction("recall", "Đã gọi lại số {n}."),
  "no-show": () => askNoShow(),                // staff/missed.js: recalled enough? then confirm
  finish: () => ticketAction("finish", "Số {n}: hoàn thành."),
  "show-transfer": () => askTransfer(),         // staff/transfer.js: staff pick the service
  "show-fee": () => askFee(),                   // staff/fees.js: quantities -> amount -> receipt
};
for (const [id, run] of Object.entries(ACTIONS)) $(id).addEventListener("click", run);

const KEYS = {F1: "next", F2: "recall", F3: "no-show", F4: "finish", F6: "show-fee", F8: "show-transfer"};
document.addEventListener("keydown", (event) => {
  if (modalKey(event)) return;
  const id = KEYS[event.key];
  if (!id && event.key !== "F9") return;
  event.preventDefault();
  if ($("login-overlay").classList.contains("shown") || $("counter-overlay").classList.contains("shown")) return;
  if (event.key === "F9") focusMissed();
  else if (!$(id).disabled) ACTIONS[id]();
});

setInterval(() => { if (overview) render(); }, 30000);   // the minutes waited move on
async function checkStorage() {   // the server's disk: full, failing, or below the free-space threshold
  if (!token) return;
  try {
    const storage = await api("GET", "/api/storage");
    $("storage-warning").textContent = storage.message;
    $("storage-warning").hidden = storage.status === "ok";
  } catch (error) { /* offline: the badge already says so */ }
}
setInterval(checkStorage, 15000);

/* ---- a service's numbers ran out (docs/CONTRACTS.md, "Numbering"): tell staff ---- */
function numberingText(row) {
  const range = row.first + "–" + row.last;
  return row.series === "online"
    ? "Lĩnh vực " + serviceName(row.service_id) + " đã hết số thứ tự (" + range + "). Máy lấy số không cấp thêm được số mới."
    : "Máy lấy số " + row.series + " đã cấp hết dãy số dự phòng " + range + " của lĩnh vực " + serviceName(row.service_id) + ".";
}
async function showNumbering() {
  let numbering = null;
  try { numbering = (await (await fetch("/api/health", {cache: "no-store"})).json()).numbering; } catch (error) { return; }
  const rows = (numbering && numbering.exhausted) || [];
  $("numbering-panel").className = "panel" + (rows.length ? "" : " none");
  $("numbering").replaceChildren(...rows.map(row => el("li", {text: numberingText(row)})));
}
setInterval(showNumbering, 30000);
async function start() {
  let since = null;
  while (since === null) {   // the stream starts from now; wait for the server if it is down
    try { since = (await (await fetch("/api/health", {cache: "no-store"})).json()).last_event_id; }
    catch (error) { await new Promise(resolve => setTimeout(resolve, 1000)); }
  }
  const onEvent = (event) => {
    if (event.type === "numbering.exhausted") showNumbering();
    if (event.type === "centre.changed" && token) enter();   // counters or services were edited
    else scheduleRefresh();
  };
  live = openLive({since, types: TICKET_EVENTS, onEvent,
    onOnline: () => { document.body.classList.remove("offline"); $("live").textContent = "Trực tuyến"; scheduleRefresh(); },
    onOffline: () => { document.body.classList.add("offline"); $("live").textContent = "Mất kết nối"; }});
  window.__staff = {live};
  if (token) await enter(); else askLogin("");
  showNumbering();
}
start();
