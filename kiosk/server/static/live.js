/* Live events for the server's pages, resumed without a gap.

   openLive({since, types, onEvent, onOnline, onOffline}) keeps one EventSource open on
   /api/events?since=<last id seen>. On any error it closes it, reports offline, and opens a
   new one after a short delay from the last event id it delivered, so events made while the
   page was cut off arrive in order once it is back (the server keeps the event log).
   Events are delivered once each, in id order. A health check every few seconds catches a
   connection that died silently (a pulled cable raises no error on an open stream). */
"use strict";

function openLive(options) {
  const types = options.types || [];
  let last = options.since || 0;
  let source = null, retry = null, online = false, delay = 300, closed = false;

  function offline() {
    if (online) { online = false; if (options.onOffline) options.onOffline(); }
  }

  function connect() {
    retry = null;
    if (closed) return;
    source = new EventSource("/api/events?since=" + last);
    source.onopen = () => {
      delay = 300;
      if (!online) { online = true; if (options.onOnline) options.onOnline(); }
    };
    source.onerror = () => { reconnect(); };
    for (const type of types) {
      source.addEventListener(type, (message) => {
        const event = JSON.parse(message.data);
        if (event.id <= last) return;
        last = event.id;
        options.onEvent(event);
      });
    }
  }

  function reconnect() {
    if (source) { source.close(); source = null; }
    offline();
    if (!retry && !closed) {
      retry = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 2000);
    }
  }

  async function check() {
    if (!online) return;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 3000);
    try {
      const response = await fetch("/api/health", {cache: "no-store", signal: controller.signal});
      if (!response.ok) throw new Error("health " + response.status);
    } catch (error) {
      reconnect();
    } finally {
      clearTimeout(timer);
    }
  }

  connect();
  const watchdog = setInterval(check, options.healthSeconds ? options.healthSeconds * 1000 : 5000);
  return {
    get last() { return last; },
    get online() { return online; },
    close() { closed = true; clearInterval(watchdog); if (source) source.close(); },
  };
}

const TICKET_EVENTS = ["ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.finished",
  "ticket.no_show", "ticket.transferred", "ticket.cancelled", "ticket.expired", "ticket.print_failed",
  "ticket.reprinted", "ticket.renumbered", "ticket.no_show_undone", "ticket.requeued", "numbering.exhausted",
  "catalogue.changed", "centre.changed", "settings.changed"];

const PRIORITY_VI = {elderly: "Người cao tuổi", disability: "Người khuyết tật", pregnant: "Phụ nữ mang thai",
  child: "Người đi cùng trẻ nhỏ"};

const WEEKDAYS_VI = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

function two(n) { return String(n).padStart(2, "0"); }

function minutesSince(iso, until) {
  if (!iso) return 0;
  const end = until ? Date.parse(until) : Date.now();
  return Math.max(0, Math.floor((end - Date.parse(iso)) / 60000));
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}
