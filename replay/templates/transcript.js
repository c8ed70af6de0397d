// replay transcript page: tracks from embedded WebVTT, click-to-seek, search, follow playback.
// Transcript text is only ever read and written through textContent and text nodes, never innerHTML.
(function () {
  "use strict";

  var media = document.getElementById("player");
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var scrollBehavior = reduceMotion ? "auto" : "smooth";

  function toArray(list) { return Array.prototype.slice.call(list); }

  // --- Tracks. Chromium refuses a sidecar .vtt track on file:// pages (each file: URL is its own
  // origin), so the WebVTT texts travel inside the page and become Blob URLs here.
  if (media) {
    toArray(media.querySelectorAll("track[data-vtt]")).forEach(function (track) {
      var holder = document.getElementById(track.getAttribute("data-vtt"));
      var text = holder ? JSON.parse(holder.textContent) : "";
      if (!text) { track.parentNode.removeChild(track); return; }
      track.src = URL.createObjectURL(new Blob([text], { type: "text/vtt" }));
      if (track.kind === "chapters") { track.track.mode = "hidden"; } // load its cues without showing them
    });
    media.addEventListener("error", function () {
      var note = document.getElementById("player-error");
      if (note) { note.hidden = false; }
    });
  }

  // --- Click a time to seek and play.
  var lastUserScroll = 0;
  var autoScrollUntil = 0;

  function seek(seconds) {
    if (!media || isNaN(seconds)) { return; }
    media.currentTime = seconds;
    lastUserScroll = 0; // a deliberate jump: let the transcript follow right away
    var playing = media.play();
    if (playing && playing.catch) { playing.catch(function () { /* autoplay refused: stay paused */ }); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button[data-start]") : null;
    if (target) { seek(parseFloat(target.getAttribute("data-start"))); }
  });

  // --- Search: accent- and case-insensitive ("mixite" finds "mixité"), matches wrapped in <mark>.
  var input = document.getElementById("search");
  var counter = document.getElementById("search-count");
  var texts = toArray(document.querySelectorAll(".para .text"));
  var originals = texts.map(function (el) { return el.textContent; });
  var EXTRA = { "œ": "oe", "æ": "ae", "ß": "ss", "’": "'", "ʼ": "'", "‘": "'", "\u00a0": " ", "\u202f": " " };

  function foldChar(ch) {
    var f = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    return EXTRA[f] !== undefined ? EXTRA[f] : f;
  }

  // The folded text and, for each folded character, the index of the original character it came from.
  function fold(text) {
    var out = "";
    var map = [];
    for (var i = 0; i < text.length; i++) {
      var f = foldChar(text.charAt(i));
      for (var k = 0; k < f.length; k++) { map.push(i); }
      out += f;
    }
    return { text: out, map: map };
  }

  var folded = null; // computed on first search
  var marked = [];
  var marks = [];
  var position = -1;

  function clearMarks() {
    marked.forEach(function (i) { texts[i].textContent = originals[i]; });
    marked = [];
    marks = [];
    position = -1;
  }

  function highlight(i, needle) {
    var hay = folded[i];
    var source = originals[i];
    var el = texts[i];
    var from = 0;
    var last = 0;
    var found = false;
    var at;
    while ((at = hay.text.indexOf(needle, from)) !== -1) {
      var start = hay.map[at];
      var end = hay.map[at + needle.length - 1] + 1;
      from = at + needle.length;
      if (start < last) { continue; }
      if (!found) { el.textContent = ""; found = true; }
      el.appendChild(document.createTextNode(source.slice(last, start)));
      var mark = document.createElement("mark");
      mark.textContent = source.slice(start, end);
      el.appendChild(mark);
      marks.push(mark);
      last = end;
    }
    if (found) {
      el.appendChild(document.createTextNode(source.slice(last)));
      marked.push(i);
    }
  }

  function go(index) {
    if (!marks.length) { return; }
    if (position >= 0) { marks[position].classList.remove("current"); }
    position = (index + marks.length) % marks.length;
    var mark = marks[position];
    mark.classList.add("current");
    counter.textContent = (position + 1) + " / " + marks.length;
    mark.scrollIntoView({ block: "center", behavior: scrollBehavior });
  }

  function search() {
    clearMarks();
    var needle = fold(input.value.replace(/\s+/g, " ").trim()).text;
    if (needle.length < 2) { counter.textContent = ""; return; }
    if (!folded) { folded = originals.map(fold); }
    for (var i = 0; i < texts.length; i++) { highlight(i, needle); }
    if (marks.length) { go(0); } else { counter.textContent = "Aucun résultat"; }
  }

  if (input) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        if (!marks.length) { search(); return; }
        go(event.shiftKey ? position - 1 : position + 1);
      } else if (event.key === "Escape") {
        input.value = "";
        clearTimeout(timer);
        search();
      }
    });
    document.getElementById("search-next").addEventListener("click", function () { go(position + 1); });
    document.getElementById("search-prev").addEventListener("click", function () { go(position - 1); });
  }

  // --- The current passage follows playback.
  if (!media) { return; }
  var follow = document.getElementById("follow");
  var paras = toArray(document.querySelectorAll(".para"));
  var paraStarts = paras.map(function (p) { return parseFloat(p.getAttribute("data-start")); });
  var chapterButtons = toArray(document.querySelectorAll(".chapters button[data-start]"));
  var chapterStarts = chapterButtons.map(function (b) { return parseFloat(b.getAttribute("data-start")); });
  var currentPara = null;
  var currentChapter = null;

  // The last index whose start is <= t (-1 if none); starts are ascending.
  function indexAt(starts, t) {
    var lo = 0;
    var hi = starts.length - 1;
    var found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= t + 0.05) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function setCurrent(previous, next, value) {
    if (previous === next) { return next; }
    if (previous) { previous.classList.remove("current"); previous.removeAttribute("aria-current"); }
    if (next) { next.classList.add("current"); next.setAttribute("aria-current", value); }
    return next;
  }

  function offscreen(el) {
    var rect = el.getBoundingClientRect();
    return rect.top < 60 || rect.bottom > (window.innerHeight || document.documentElement.clientHeight);
  }

  window.addEventListener("scroll", function () {
    if (Date.now() > autoScrollUntil) { lastUserScroll = Date.now(); }
  }, { passive: true });

  function update() {
    var t = media.currentTime;
    var para = paras[indexAt(paraStarts, t)] || null;
    var changed = para !== currentPara;
    currentPara = setCurrent(currentPara, para, "true");
    currentChapter = setCurrent(currentChapter, chapterButtons[indexAt(chapterStarts, t)] || null, "true");
    var busy = (follow && !follow.checked) || marks.length > 0 || Date.now() - lastUserScroll < 4000
      || document.activeElement === input;
    if (changed && para && !busy && offscreen(para)) {
      autoScrollUntil = Date.now() + 1500;
      para.scrollIntoView({ block: "center", behavior: scrollBehavior });
    }
  }

  media.addEventListener("timeupdate", update);
  media.addEventListener("seeked", update);
})();
