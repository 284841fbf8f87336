// Scene as an app on the phone, on every page: registers the service worker, keeps the browser's
// install offer for the moment a page asks for it (after a first join or booking, never on first load),
// and the browser's half of the push opt-in. See docs/pwa.md.
(() => {
  const root = document.documentElement;
  const LANGUAGE_KEY = "scene.lang";
  let installOffer = null;

  // Chrome and Edge fire this when Scene is installable; without preventDefault Android shows its own
  // install bar on the first visit. The `scene-can-install` class lets the install card show itself.
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    installOffer = event;
    root.classList.add("scene-can-install");
  });
  window.addEventListener("appinstalled", () => {
    installOffer = null;
    root.classList.remove("scene-can-install");
  });

  // Safari on iPhone has no install offer: people add the page from the Share sheet themselves.
  const standalone = matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  const iphoneSafari = /iPhone|iPad|iPod/.test(navigator.userAgent) && !/CriOS|FxiOS|EdgiOS/.test(navigator.userAgent);
  if (iphoneSafari && !standalone) root.classList.add("scene-ios-install");

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", () => {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error) => console.warn("service worker", error));
    });
  }

  // The offline page is one cached document for everyone: it reads the language the pages last used.
  document.addEventListener("DOMContentLoaded", () => {
    try {
      localStorage.setItem(LANGUAGE_KEY, root.lang || "en");
    } catch {
      // private mode without storage: the offline page falls back to the browser's language
    }
  });

  function keyBytes(base64url) {
    const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  function sameKey(buffer, bytes) {
    if (!buffer) return false;
    const held = new Uint8Array(buffer);
    return held.length === bytes.length && held.every((byte, i) => byte === bytes[i]);
  }

  window.scene = Object.assign(window.scene || {}, {
    /** Show the browser's install dialog (needs the tap that called it); "accepted", "dismissed" or
     * "unavailable" when the browser offered nothing. */
    async install() {
      if (!installOffer) return "unavailable";
      const offer = installOffer;
      installOffer = null;
      root.classList.remove("scene-can-install");
      await offer.prompt();
      return (await offer.userChoice).outcome;
    },

    /** Ask for notification permission (in the tap that called it): "granted", "denied", "default"
     * (closed without choosing) or "unsupported". */
    async askNotifications() {
      if (!("Notification" in window && "serviceWorker" in navigator && "PushManager" in window)) {
        return "unsupported";
      }
      if (Notification.permission !== "default") return Notification.permission;
      return await Notification.requestPermission();
    },

    /** Subscribe this browser to push with the server's VAPID key (resubscribing when the key changed):
     * {subscription, existing, userAgent} or {error}. */
    async subscribePush(publicKey) {
      try {
        const key = keyBytes(publicKey);
        const registration = await navigator.serviceWorker.ready;
        let subscription = await registration.pushManager.getSubscription();
        if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
          await subscription.unsubscribe();
          subscription = null;
        }
        const existing = subscription !== null;
        subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
        return { subscription: subscription.toJSON(), existing, userAgent: navigator.userAgent };
      } catch (error) {
        return { error: String(error) };
      }
    },
  });
})();
