"use strict";
// The console's device banner: a kiosk silent for over 2 minutes, a kiosk printer out of paper,
// and tickets a revoked kiosk uploaded, for staff to look at (GET /api/devices/alerts).
async function checkDevices() {
  if (!token) return;
  let found;
  try { found = await api("GET", "/api/devices/alerts"); } catch (error) { return; }
  const lines = found.alerts.map((alert) => alert.message);
  if (found.review.length) {
    lines.push(`Cần xem lại ${found.review.length} số do máy đã bị thu hồi gửi lên: ` +
      found.review.map((ticket) => ticket.number).join(", ") + ".");
  }
  const box = document.getElementById("device-alerts");
  box.replaceChildren(el("ul", {}, ...lines.map((line) => el("li", {text: line}))));
  box.hidden = lines.length === 0;
}
setInterval(checkDevices, 15000);     // and at each sign-in (enter() in staff.html)
