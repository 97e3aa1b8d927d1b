/* Appointments at the console: the bookings expected in the next hour (refreshed every
   30 s), and booking a slot for a citizen who phones in (source "staff"). */
"use strict";

const APPOINTMENT_STATUS = {booked: "chưa đến", checked_in: "đã xác nhận", missed: "quá giờ"};

async function loadAppointments() {
  if (!token) return;
  try {
    const rows = await api("GET", "/api/appointments/expected?minutes=60");
    $("appointments").replaceChildren(...(rows.length ? rows.map(appointmentRow)
      : [el("tr", {}, el("td", {class: "empty", text: "Không có lịch hẹn nào trong 1 giờ tới."}))]));
  } catch (error) { /* the console shows connection problems elsewhere */ }
}

function appointmentRow(a) {
  const ticket = a.ticket ? "số " + a.ticket.number : APPOINTMENT_STATUS[a.status] || a.status;
  return el("tr", {dataset: {code: a.code}}, el("td", {text: a.slot}), el("td", {text: a.procedure.name}),
            el("td", {text: a.code}), el("td", {text: ticket}), el("td", {text: a.phone || ""}));
}

async function prepareBookingForm() {
  const options = await api("GET", "/api/public/appointments/options");
  $("booking-procedure").replaceChildren(...options.procedures.map(p => el("option", {value: p.code, text: p.name})));
  $("booking-day").replaceChildren(...options.days.map(d => el("option", {value: d, text: d.split("-").reverse().join("/")})));
  await loadBookingSlots();
}

async function loadBookingSlots() {
  const code = $("booking-procedure").value, day = $("booking-day").value;
  if (!code || !day) return;
  const slots = await api("GET", `/api/public/appointments/slots?procedure_code=${encodeURIComponent(code)}&day=${day}`);
  if (code !== $("booking-procedure").value || day !== $("booking-day").value) return;   // a later choice's list is coming
  $("booking-slot").replaceChildren(...slots.filter(s => s.free).map(s => el("option", {value: s.slot,
    text: s.slot + " (còn " + s.free + ")"})));
}

$("book-for-caller").addEventListener("toggle", () => { if ($("book-for-caller").open) prepareBookingForm(); });
$("booking-procedure").addEventListener("change", loadBookingSlots);
$("booking-day").addEventListener("change", loadBookingSlots);
$("booking-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const made = await api("POST", "/api/appointments", {procedure_code: $("booking-procedure").value,
      day: $("booking-day").value, slot: $("booking-slot").value, phone: $("booking-phone").value.trim() || null});
    $("booking-result").textContent = "Đã đặt: mã " + made.code + ", " + made.slot + " ngày " +
      made.day.split("-").reverse().join("/") + ". Đọc mã cho người gọi: " + made.code.split("").join(" ") + ".";
    $("booking-phone").value = "";
    loadBookingSlots();
    loadAppointments();
  } catch (error) { $("booking-result").textContent = error.message; }
});

setInterval(loadAppointments, 30000);
setTimeout(loadAppointments, 500);
