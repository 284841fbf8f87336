// Keeps a member on their page through a dropped connection, on every NiceGUI page (see docs/pwa.md,
// "When the network drops"). NiceGUI's socket.io client keeps what the member taps or types while the
// socket is down (its send buffer) and sends it once, right after it connects again; the server keeps
// the page for scene_ui.connection.RECONNECT_WINDOW. This script says so in our own bar (in the page's
// language, in place of NiceGUI's "Connection lost" box), reconnects as soon as the phone is back online
// instead of waiting out socket.io's backoff, and, when the page had to be opened again because the
// member was away longer than the window, says that a tap waiting then was not sent.
(() => {
  const REOPENED_KEY = "scene.connection.reopened";
  const RECONNECTING_DELAY_MS = 1000; // a blip shorter than this shows nothing
  const root = document.documentElement;
  let words = null;
  let bar = null;
  let tappedOffline = false;
  let reconnectingTimer = null;

  function disconnected() {
    return Boolean(window.socket && window.did_handshake && !window.socket.connected);
  }

  // A tap buffered by socket.io: an "event" packet waiting in its send buffer (typing counts too).
  function tapWaiting() {
    return tappedOffline && (window.socket?.sendBuffer || []).some((p) => p.data?.[0] === "event");
  }

  function show(text, { dismissable = false } = {}) {
    if (!bar) return;
    bar.querySelector("span").textContent = text;
    const button = bar.querySelector("button");
    button.hidden = !dismissable;
    button.textContent = words.dismiss;
    bar.hidden = false;
  }

  function hide() {
    if (bar) bar.hidden = true;
  }

  function update() {
    clearTimeout(reconnectingTimer);
    if (!navigator.onLine) {
      show(tapWaiting() ? words.waiting : words.offline);
    } else if (disconnected()) {
      reconnectingTimer = setTimeout(() => {
        if (disconnected()) show(tapWaiting() ? words.waiting : words.reconnecting);
      }, RECONNECTING_DELAY_MS);
    } else if (bar && bar.querySelector("button").hidden) {
      hide();
    }
  }

  // socket.io waits up to 5 s between attempts by then; a page back online should not.
  function reconnectNow() {
    const socket = window.socket;
    if (!disconnected()) return;
    socket.io.opts.query.next_message_id = window.nextMessageId; // as NiceGUI's reconnect_attempt handler does
    socket.disconnect().connect(); // cancels the pending attempt; the send buffer stays and is sent on connect
  }

  // A connection attempt on a network that hangs (signal, no data) times out after 20 s. NiceGUI takes the
  // first timeout to fall back from WebSocket to polling and reloads the page on the next one, which would
  // lose the page (and land on the offline page) 40 s into a tunnel. Once it has fallen back, a timeout is
  // passed on under another name: NiceGUI leaves it alone and socket.io keeps trying; a server that no
  // longer has the page still answers "Implicit handshake failed", which reloads it as before.
  function keepThePageOnTimeouts(manager) {
    const first = () => {
      const transport = manager.opts.transports[0]; // a name, or the class socket.io put in its place
      return typeof transport === "string" ? transport : transport?.prototype?.name;
    };
    const emitReserved = manager.emitReserved;
    manager.emitReserved = function (event, error, ...rest) {
      if (event === "error" && error?.message === "timeout" && first() === "polling") {
        error.message = "timeout, still trying";
      }
      return emitReserved.call(this, event, error, ...rest);
    };
  }

  function follow(socket) {
    keepThePageOnTimeouts(socket.io);
    socket.on("connect", () => {
      tappedOffline = false;
      update();
    });
    socket.on("disconnect", update);
    socket.on("connect_error", update);
  }

  function start() {
    const all = JSON.parse(document.getElementById("scene-connection-words")?.textContent || "{}");
    words = all[root.lang] || all.en;
    const template = document.getElementById("scene-connection-bar");
    if (!words || !template) return;
    bar = template.content.firstElementChild.cloneNode(true);
    document.body.append(bar);
    bar.querySelector("button").addEventListener("click", hide);

    let reopened = null;
    try {
      reopened = JSON.parse(sessionStorage.getItem(REOPENED_KEY) || "null");
      sessionStorage.removeItem(REOPENED_KEY);
    } catch {
      // no storage (private mode): nothing was remembered
    }
    if (reopened && reopened.url === location.href) {
      show(reopened.tap ? words.reloaded_tap : words.reloaded, { dismissable: true });
    }

    const waitForSocket = setInterval(() => {
      if (!window.socket) return;
      clearInterval(waitForSocket);
      follow(window.socket);
      update();
    }, 50);
  }

  window.addEventListener("offline", update);
  window.addEventListener("online", () => {
    update();
    reconnectNow();
  });
  document.addEventListener(
    "click",
    () => {
      if (!disconnected()) return;
      tappedOffline = true;
      setTimeout(update, 50); // after NiceGUI has put the tap into the send buffer
    },
    true,
  );
  // Leaving the page on purpose: the server can forget it now rather than keep it for the window (a page
  // kept in the back/forward cache may come back, so it stays). Leaving while disconnected is NiceGUI
  // opening the page again because the server no longer has it (away longer than the window): what was
  // waiting in the send buffer is lost with it, so the next load of this page says so.
  window.addEventListener("pagehide", (event) => {
    if (window.socket?.connected && !event.persisted) window.socket.emit("scene_left");
    if (!disconnected()) return;
    try {
      sessionStorage.setItem(REOPENED_KEY, JSON.stringify({ url: location.href, tap: tapWaiting() }));
    } catch {
      // no storage: the reopened page cannot tell
    }
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
