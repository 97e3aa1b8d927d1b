"use strict";
// "Giọng đọc": record the pack phrase by phrase with the microphone. The Web Audio API hands
// us PCM samples; we write them as a 16-bit WAV here, so the server needs no ffmpeg.
const studio = {items: [], index: 0, status: null, recorder: null, wav: null};

async function load(keepIndex = true) {
  studio.status = await api("GET", "/api/admin/voice");
  const s = studio.status;
  studio.items = [...s.phrases.map((p) => ({...p, kind: "phrases"})), ...s.guidance.map((g) => ({...g, kind: "guidance"}))];
  if (!keepIndex) studio.index = Math.max(0, studio.items.findIndex((item) => !item.recorded));
  document.getElementById("pack-name").textContent = "“" + s.pack + "”";
  document.getElementById("progress-text").textContent =
    t("Đã ghi {done}/{total} câu · còn thiếu {missing} câu (những câu thiếu được đọc bằng espeak-ng).",
      {done: s.done, total: s.phrases.length, missing: s.missing});
  const bar = document.getElementById("progress");
  bar.max = s.phrases.length; bar.value = s.done;
  document.getElementById("pack-state").textContent = (s.in_use ? t("Kiosk và màn hình gọi số đang dùng gói này.") :
    t("Chưa có câu nào được ghi: kiosk đang dùng espeak-ng.")) + " " +
    (s.recogniser ? t("Mỗi bản ghi được máy nghe thử (viet-asr).") : t("Chưa cài bộ nghe thử (pip install -e '.[voice-check]')."));
  renderList("phrases", s.phrases, "phrases");
  renderList("guidance", s.guidance, "guidance");
  show();
}

function renderList(id, rows, kind) {
  const list = document.getElementById(id);
  list.replaceChildren(...rows.map((row) => {
    const index = studio.items.findIndex((item) => item.kind === kind && item.key === row.key);
    const state = !row.recorded ? "missing" : row.stale ? "stale" : row.warnings.length ? "warn" : "done";
    const badge = {missing: t("chưa ghi"), stale: t("cũ – ghi lại"), warn: t("cần xem lại"), done: t("đã ghi")}[state];
    return el("li", {class: "voice-item " + state, "data-key": row.key, "data-state": state},
      el("button", {type: "button", class: "link", onclick: () => { studio.index = index; show(); }},
        kind === "guidance" ? row.key + " · " + row.name : row.shown),
      " ", el("small", {class: "badge"}, badge));
  }));
}

function show() {
  const item = studio.items[studio.index];
  if (!item) return;
  document.getElementById("current-text").textContent = item.shown;
  document.getElementById("current-group").textContent = item.kind === "guidance"
    ? t("Hướng dẫn thủ tục {code}", {code: item.key}) + (item.stale ? " – " + t("lời hướng dẫn đã sửa sau khi ghi, hãy ghi lại") : "")
    : t("Câu {n}/{total} ({group})", {n: studio.index + 1, total: studio.status.phrases.length, group: item.group});
  document.querySelectorAll(".voice-item").forEach((node) => node.removeAttribute("aria-current"));
  const current = document.querySelector(`#${item.kind} .voice-item[data-key="${CSS.escape(item.key)}"]`);
  if (current) current.setAttribute("aria-current", "true");
  showChecks(item.recorded ? item.warnings : [], item.recorded ? t("Đã ghi bởi {who} lúc {at}.", {who: item.recorded_by, at: item.recorded_at}) : t("Chưa ghi."));
  studio.wav = null;
  setButtons("idle");
  const player = document.getElementById("player");
  if (item.recorded) {
    player.src = `/api/admin/voice/clip?kind=${item.kind}&key=${encodeURIComponent(item.key)}&t=${Date.now()}`;
    player.hidden = false;
  } else { player.hidden = true; player.removeAttribute("src"); }
}

function showChecks(warnings, note, recording = false) {
  const state = document.getElementById("recording-state");
  state.textContent = note;
  state.classList.toggle("recording", recording);
  document.getElementById("checks").replaceChildren(...warnings.map((w) => el("li", {}, w)));
}

function setButtons(state) {
  const on = {idle: ["record", "next"], recording: ["stop"], recorded: ["play", "keep", "redo", "next"]}[state];
  for (const id of ["record", "stop", "play", "keep", "redo", "next"]) document.getElementById(id).disabled = !on.includes(id);
}

async function startRecording() {
  if (!navigator.mediaDevices) {  // browsers allow the microphone on https or on the server itself only
    flash(t("Trình duyệt chỉ cho dùng micrô khi mở trang bằng https hoặc ngay trên máy chủ (http://127.0.0.1:8000). Hoặc ghi bằng máy khác rồi tải lên tệp WAV."), "bad");
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({audio: {echoCancellation: false, noiseSuppression: false, autoGainControl: false}});
  } catch (error) {
    flash(t("Không mở được micrô: hãy cho phép trình duyệt dùng micrô ({error}).", {error: error.name}), "bad");
    return;
  }
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const processor = context.createScriptProcessor(4096, 1, 1);
  const chunks = [];
  processor.onaudioprocess = (event) => chunks.push(new Float32Array(event.inputBuffer.getChannelData(0)));
  source.connect(processor);
  processor.connect(context.destination);
  studio.recorder = {stream, context, processor, chunks, source};
  setButtons("recording");
  showChecks([], "● " + t("Đang ghi… đọc to, rõ câu trên rồi bấm “Dừng”."), true);
}

function stopRecording() {
  const r = studio.recorder;
  if (!r) return;
  r.source.disconnect(); r.processor.disconnect();
  r.stream.getTracks().forEach((track) => track.stop());
  studio.wav = wavBlob(r.chunks, r.context.sampleRate);
  r.context.close();
  studio.recorder = null;
  const player = document.getElementById("player");
  player.src = URL.createObjectURL(studio.wav);
  player.hidden = false;
  setButtons("recorded");
  showChecks([], t("Đã ghi {seconds} giây. Nghe lại, rồi giữ hoặc ghi lại.", {seconds: (studio.wav.size / 2 / r.context.sampleRate).toFixed(1)}));
}

function wavBlob(chunks, rate) {
  const length = chunks.reduce((sum, c) => sum + c.length, 0);
  const buffer = new ArrayBuffer(44 + length * 2);
  const view = new DataView(buffer);
  const text = (offset, s) => [...s].forEach((ch, i) => view.setUint8(offset + i, ch.charCodeAt(0)));
  text(0, "RIFF"); view.setUint32(4, 36 + length * 2, true); text(8, "WAVE"); text(12, "fmt ");
  view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
  view.setUint32(24, rate, true); view.setUint32(28, rate * 2, true); view.setUint16(32, 2, true);
  view.setUint16(34, 16, true); text(36, "data"); view.setUint32(40, length * 2, true);
  let offset = 44;
  for (const chunk of chunks) for (const sample of chunk) {
    view.setInt16(offset, Math.max(-1, Math.min(1, sample)) * 0x7fff, true); offset += 2;
  }
  return new Blob([buffer], {type: "audio/wav"});
}

async function keep() {
  const item = studio.items[studio.index];
  const url = item.kind === "phrases" ? `/api/admin/voice/phrases?key=${encodeURIComponent(item.key)}`
    : `/api/admin/voice/guidance/${encodeURIComponent(item.key)}`;
  document.getElementById("keep").disabled = true;
  try {
    const saved = await api("PUT", url, studio.wav);
    flash(saved.warnings.length ? t("Đã giữ bản ghi, nhưng cần xem lại.") : t("Đã giữ bản ghi."), saved.warnings.length ? "bad" : "ok");
    const warnings = saved.warnings;
    await load();
    if (!warnings.length) nextItem(); else showChecks(warnings, t("Đã giữ bản ghi. Nên ghi lại:"));
  } catch (error) {
    showError(error);
    setButtons("recorded");
  }
}

function nextItem() {
  const after = studio.items.findIndex((item, i) => i > studio.index && (!item.recorded || item.stale));
  studio.index = after >= 0 ? after : Math.min(studio.items.length - 1, studio.index + 1);
  show();
}

document.getElementById("record").addEventListener("click", startRecording);
document.getElementById("redo").addEventListener("click", startRecording);
document.getElementById("stop").addEventListener("click", stopRecording);
document.getElementById("play").addEventListener("click", () => document.getElementById("player").play());
document.getElementById("keep").addEventListener("click", keep);
document.getElementById("upload-file").addEventListener("change", (event) => {
  const file = event.target.files[0];
  if (!file) return;
  studio.wav = file;
  const player = document.getElementById("player");
  player.src = URL.createObjectURL(file);
  player.hidden = false;
  setButtons("recorded");
  showChecks([], t("Đã chọn {name}. Nghe lại, rồi giữ hoặc ghi lại.", {name: file.name}));
  event.target.value = "";
});
document.getElementById("next").addEventListener("click", nextItem);
document.getElementById("trial-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const response = await api("POST", "/api/admin/voice/trial", {text: document.getElementById("trial-text").value}, {raw: true});
    const player = document.getElementById("trial-player");
    player.src = URL.createObjectURL(await response.blob());
    player.hidden = false;
    player.play().catch(() => {});
  } catch (error) { showError(error); }
});
document.getElementById("import-file").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  try {
    const done = await api("POST", "/api/admin/voice/pack.zip", file);
    flash(t("Đã nhập gói giọng: {phrases} câu, {guidance} hướng dẫn.", {phrases: done.phrases, guidance: done.guidance}));
    await load(false);
  } catch (error) { showError(error); }
  event.target.value = "";
});
load(false).catch(showError);
