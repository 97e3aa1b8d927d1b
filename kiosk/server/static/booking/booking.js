// The public booking page (/dat-lich): procedure, day, slot -> a booking code, its QR code and
// the documents checklist. /dat-lich/CODE shows (and cancels) an existing booking.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const WEEKDAYS = ["CN", "T2", "T3", "T4", "T5", "T6", "T7"];
  let options = null, chosenDay = "", chosenSlot = "";

  async function api(path, init) {
    const response = await fetch(path, init);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = body.detail || {};
      throw new Error(detail.message || "Có lỗi, ông/bà vui lòng thử lại.");
    }
    return body;
  }

  function dayLabel(iso) {
    const d = new Date(iso + "T00:00:00");
    return WEEKDAYS[d.getDay()] + " " + String(d.getDate()).padStart(2, "0") + "/" + String(d.getMonth() + 1).padStart(2, "0");
  }

  function choice(label, note, onPick) {
    const button = document.createElement("button");
    button.type = "button";
    button.setAttribute("role", "radio");
    button.setAttribute("aria-checked", "false");
    button.textContent = label;
    if (note) { const small = document.createElement("small"); small.textContent = note; button.appendChild(small); }
    button.addEventListener("click", () => {
      for (const other of button.parentNode.children) other.setAttribute("aria-checked", "false");
      button.setAttribute("aria-checked", "true");
      onPick();
    });
    return button;
  }

  function fillProcedures(filter) {
    const select = $("procedure"), keep = select.value;
    const folded = fold(filter || "");
    select.innerHTML = "";
    for (const service of options.services) {
      const group = document.createElement("optgroup");
      group.label = service.name;
      for (const p of options.procedures.filter((p) => p.service === service.id)) {
        if (folded && !fold(p.name).includes(folded)) continue;
        const option = document.createElement("option");
        option.value = p.code; option.textContent = p.name;
        group.appendChild(option);
      }
      if (group.children.length) select.appendChild(group);
    }
    if (keep) select.value = keep;
  }

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  }

  async function loadSlots() {
    const box = $("slots"), code = $("procedure").value;
    chosenSlot = "";
    if (!code || !chosenDay) return;
    box.textContent = "Đang tải...";
    try {
      const slots = await api(`/api/public/appointments/slots?procedure_code=${encodeURIComponent(code)}&day=${chosenDay}`);
      box.innerHTML = "";
      for (const s of slots) {
        const button = choice(s.slot, s.free ? `còn ${s.free}` : "hết chỗ", () => { chosenSlot = s.slot; });
        button.disabled = !s.free;
        box.appendChild(button);
      }
      if (!slots.some((s) => s.free)) box.innerHTML = '<p class="hint">Ngày này đã hết chỗ, ông/bà chọn ngày khác.</p>';
    } catch (error) { box.textContent = error.message; }
  }

  function showError(element, message) {
    element.textContent = message; element.hidden = !message;
  }

  async function book(event) {
    event.preventDefault();
    const code = $("procedure").value;
    if (!code || !chosenDay || !chosenSlot) {
      showError($("error"), !code ? "Ông/bà chọn thủ tục trước." : !chosenDay ? "Ông/bà chọn ngày." : "Ông/bà chọn giờ.");
      return;
    }
    $("book").disabled = true;
    try {
      const body = { procedure_code: code, day: chosenDay, slot: chosenSlot, phone: $("phone").value.trim() || null };
      const made = await api("/api/public/appointments", { method: "POST", headers: { "Content-Type": "application/json" },
                                                           body: JSON.stringify(body) });
      history.replaceState(null, "", "/dat-lich/" + made.code);
      showBooking(made);
    } catch (error) {
      showError($("error"), error.message);
      loadSlots();
    } finally { $("book").disabled = false; }
  }

  const STATUS = { booked: "Đã đặt", checked_in: "Đã xác nhận tại trung tâm", cancelled: "Đã hủy",
                   missed: "Đã quá giờ hẹn" };

  function showBooking(made) {
    $("form").hidden = true; $("done").hidden = false;
    $("code").textContent = made.code.slice(0, 3) + " " + made.code.slice(3);
    $("code").dataset.code = made.code;
    $("when").textContent = `${made.slot}, ${dayLabel(made.day)}/${made.day.slice(0, 4)} – ${made.procedure.name}`;
    $("status").textContent = STATUS[made.status] || made.status;
    $("qr").src = made.qr_url;
    $("window").textContent = `Xác nhận được từ ${made.check_in_from.slice(11, 16)} đến ${made.check_in_until.slice(11, 16)}.`;
    const list = $("documents");
    list.innerHTML = "";
    for (const d of made.documents || []) {
      const item = document.createElement("li");
      item.textContent = d.name;
      const counts = [d.originals ? `${d.originals} bản chính` : "", d.copies ? `${d.copies} bản sao` : ""].filter(Boolean);
      if (counts.length) { const small = document.createElement("small"); small.textContent = counts.join(", "); item.appendChild(small); }
      list.appendChild(item);
    }
    if (!list.children.length) list.innerHTML = "<li>Ông/bà hỏi cán bộ tại quầy.</li>";
    $("cancel").hidden = made.status !== "booked";
  }

  async function cancel() {
    if (!confirm("Hủy lịch hẹn này?")) return;
    try {
      const done = await api(`/api/public/appointments/${$("code").dataset.code}/cancel`, { method: "POST" });
      $("status").textContent = STATUS[done.status];
      $("cancel").hidden = true;
    } catch (error) { showError($("cancel-error"), error.message); }
  }

  async function start() {
    $("form").addEventListener("submit", book);
    $("cancel").addEventListener("click", cancel);
    const code = location.pathname.split("/")[2];
    if (code) {
      try { showBooking(await api(`/api/public/appointments/${encodeURIComponent(code)}`)); return; }
      catch (error) { showError($("error"), error.message); }
    }
    options = await api("/api/public/appointments/options");
    fillProcedures("");
    $("filter").addEventListener("input", () => fillProcedures($("filter").value));
    $("procedure").addEventListener("change", loadSlots);
    for (const day of options.days) {
      $("days").appendChild(choice(dayLabel(day), "", () => { chosenDay = day; loadSlots(); }));
    }
  }
  start();
})();
