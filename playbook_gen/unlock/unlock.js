/* playbook-gen: opens an encrypted playbook with WebCrypto only (the playbook's page Privacy describes the format).
 *
 * On an unlock page (it holds the page as ciphertext in #playbook-payload) it derives the key
 * from the passphrase (PBKDF2-SHA256), decrypts the page (AES-256-GCM) and shows it. The key,
 * never the passphrase, is kept in this tab's session storage, and handed to a new tab of the
 * same site through a BroadcastChannel while a tab that holds it is open.
 * In a decrypted page it is loaded first, and decrypts the files the page reads: the search
 * index, the asks.ics and asks.csv downloads, and the images of hand-written pages.
 */
(function () {
  "use strict";
  var MAGIC = "PLAYBOOK-GEN-AESGCM-1\n";
  var CHANNEL = "playbook-gen-keys";
  var subtle = window.crypto && window.crypto.subtle;
  var script = document.currentScript;

  function b64(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text);
  }
  function unb64(text) {
    var raw = atob(text), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function slotOf(salt) { return "playbook-gen-key:" + salt; }
  // Where session storage is refused, the key lives in this tab's memory only, for this page.
  var memory = window.__playbookGenKeys || (window.__playbookGenKeys = {});
  function storedKey(salt) {
    try { return sessionStorage.getItem(slotOf(salt)) || memory[salt] || null; } catch (e) { return memory[salt] || null; }
  }
  function keep(salt, raw) {
    memory[salt] = raw;
    try { sessionStorage.setItem(slotOf(salt), raw); } catch (e) { /* refused: memory only */ }
  }
  function aesKey(raw) {
    return subtle.importKey("raw", unb64(raw), "AES-GCM", false, ["decrypt"]);
  }
  function decrypt(raw, nonce, sealed, path) {
    return aesKey(raw).then(function (key) {
      return subtle.decrypt({ name: "AES-GCM", iv: nonce, additionalData: new TextEncoder().encode(path) }, key, sealed);
    });
  }
  function derive(passphrase, salt, iterations) {
    var bytes = new TextEncoder().encode(passphrase);
    return subtle.importKey("raw", bytes, "PBKDF2", false, ["deriveBits"]).then(function (base) {
      return subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: unb64(salt), iterations: iterations }, base, 256);
    }).then(function (bits) { return b64(new Uint8Array(bits)); });
  }

  // Tabs of one site share the key while one of them is open.
  var channel = "BroadcastChannel" in window ? new BroadcastChannel(CHANNEL) : null;
  function answerRequests(salt) {
    if (!channel) return;
    channel.addEventListener("message", function (event) {
      var data = event.data || {};
      var raw = storedKey(salt);
      if (data.type === "need-key" && data.salt === salt && raw) channel.postMessage({ type: "key", salt: salt, key: raw });
    });
  }
  function askOtherTabs(salt, wait) {
    return new Promise(function (resolve) {
      if (!channel) { resolve(null); return; }
      var done = false;
      function finish(raw) { if (!done) { done = true; channel.removeEventListener("message", listen); resolve(raw); } }
      function listen(event) {
        var data = event.data || {};
        if (data.type === "key" && data.salt === salt && typeof data.key === "string") finish(data.key);
      }
      channel.addEventListener("message", listen);
      channel.postMessage({ type: "need-key", salt: salt });
      setTimeout(function () { finish(null); }, wait);
    });
  }

  var payloadElement = document.getElementById("playbook-payload");
  if (payloadElement) unlockPage(JSON.parse(payloadElement.textContent)); else decryptFiles();

  // -- an unlock page -----------------------------------------------------------------
  function unlockPage(payload) {
    var loaded = new Promise(function (resolve) {
      if (document.readyState === "complete") resolve(); else window.addEventListener("load", function () { resolve(); }, { once: true });
    });
    var form = document.getElementById("playbook-unlock");
    var input = document.getElementById("playbook-passphrase");
    var message = document.getElementById("playbook-message");
    var main = document.querySelector("main");
    function say(text) { main.style.visibility = ""; message.textContent = text; }
    form.querySelector("button").disabled = false; // the form does nothing without this script
    if (!subtle) {
      say("This browser cannot decrypt here: open the playbook over HTTPS (or on this computer).");
      form.querySelector("button").disabled = true;
      return;
    }
    function show(raw) {
      return decrypt(raw, unb64(payload.nonce), unb64(payload.ciphertext), payload.path).then(function (plain) {
        keep(payload.salt, raw);
        var page = new TextDecoder().decode(plain);
        return loaded.then(function () {
          // Written only once the unlock page has loaded: the page then loads as if opened directly.
          document.open();
          document.write(page);
          document.close();
          return true;
        });
      });
    }
    // The ciphertext is bound to its path: a page moved to another address is not opened.
    var root = script.src ? new URL("../", script.src) : new URL("/", location.href);
    function bare(url) { return url.origin + url.pathname.replace(/index\.html$/, ""); }
    if (payload.path !== "404.html" && bare(new URL(payload.path, root)) !== bare(new URL(location.href))) {
      say("This page does not belong at this address, so it was not opened.");
      form.querySelector("button").disabled = true;
      return;
    }
    answerRequests(payload.salt);
    var raw = storedKey(payload.salt);
    main.style.visibility = "hidden"; // no flash of the form while a known key opens the page
    var known = raw ? Promise.resolve(raw) : askOtherTabs(payload.salt, 400);
    known.then(function (key) {
      if (!key) { main.style.visibility = ""; input.focus(); return; }
      return show(key).catch(function () {
        try { sessionStorage.removeItem(slotOf(payload.salt)); } catch (e) { /* nothing kept */ }
        main.style.visibility = "";
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      say("Opening…");
      derive(input.value, payload.salt, payload.iterations).then(show).catch(function () {
        input.value = "";
        say("Wrong passphrase: nothing was decrypted. Try again.");
        input.focus();
      });
    });
  }

  // -- a decrypted page ------------------------------------------------------------------
  function decryptFiles() {
    if (!script || !subtle) return;
    var salt = script.getAttribute("data-salt");
    var base = new URL(script.getAttribute("data-base") || "", location.href);
    var files = JSON.parse(script.getAttribute("data-files") || "[]");
    var pathOf = {};
    files.forEach(function (path) { pathOf[new URL(path, base).href] = path; });
    answerRequests(salt);
    var realFetch = window.fetch.bind(window);

    function plainBytes(url) {
      var path = pathOf[url];
      var raw = storedKey(salt);
      if (!raw) return Promise.reject(new Error("playbook locked"));
      return realFetch(url).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.arrayBuffer();
      }).then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        var head = MAGIC.length;
        if (new TextDecoder().decode(bytes.slice(0, head)) !== MAGIC) throw new Error(path + ": not encrypted");
        var salted = head + 4, nonced = salted + 16, sealed = nonced + 12;
        if (b64(bytes.slice(salted, nonced)) !== salt) throw new Error(path + ": encrypted by another build");
        return decrypt(raw, bytes.slice(nonced, sealed), bytes.slice(sealed), path);
      }).then(function (plain) { return new Uint8Array(plain); });
    }
    function encryptedUrl(input) {
      try { var url = new URL(input, location.href).href; return url in pathOf ? url : null; } catch (e) { return null; }
    }

    window.fetch = function (input, init) {
      var url = encryptedUrl(typeof input === "string" || input instanceof URL ? input : input.url);
      if (!url) return realFetch(input, init);
      return plainBytes(url).then(function (bytes) { return new Response(bytes, { status: 200, statusText: "OK" }); });
    };

    var RealXHR = window.XMLHttpRequest;
    function PlaybookXHR() {
      var xhr = new RealXHR();
      var open = xhr.open, send = xhr.send, target = null;
      xhr.open = function (method, url) { target = encryptedUrl(url); return open.apply(xhr, arguments); };
      xhr.send = function () {
        if (!target) return send.apply(xhr, arguments);
        plainBytes(target).then(function (bytes) {
          var type = xhr.responseType, text = null, response;
          if (type === "blob") response = new Blob([bytes]);
          else if (type === "arraybuffer") response = bytes.buffer;
          else {
            text = new TextDecoder().decode(bytes);
            response = type === "json" ? JSON.parse(text) : text;
          }
          var fields = { readyState: 4, status: 200, statusText: "OK", response: response, responseURL: target };
          if (text !== null && type !== "json") fields.responseText = text;
          Object.keys(fields).forEach(function (name) { Object.defineProperty(xhr, name, { value: fields[name], configurable: true }); });
          ["readystatechange", "load", "loadend"].forEach(function (name) { xhr.dispatchEvent(new ProgressEvent(name)); });
        }, function () {
          ["error", "loadend"].forEach(function (name) { xhr.dispatchEvent(new ProgressEvent(name)); });
        });
      };
      return xhr;
    }
    PlaybookXHR.prototype = RealXHR.prototype;
    ["UNSENT", "OPENED", "HEADERS_RECEIVED", "LOADING", "DONE"].forEach(function (name) { PlaybookXHR[name] = RealXHR[name]; });
    window.XMLHttpRequest = PlaybookXHR;

    // Downloads (asks.ics, asks.csv): decrypted in the page, saved under their own names.
    document.addEventListener("click", function (event) {
      var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
      var url = link && encryptedUrl(link.href);
      if (!url) return;
      event.preventDefault();
      plainBytes(url).catch(function (error) {
        window.alert("This file could not be decrypted (" + error.message + "). Reload the page and open the playbook again.");
        return null;
      }).then(function (bytes) {
        if (!bytes) return;
        var name = pathOf[url].split("/").pop();
        var type = /\.ics$/.test(name) ? "text/calendar" : /\.csv$/.test(name) ? "text/csv" : "application/octet-stream";
        var href = URL.createObjectURL(new Blob([bytes], { type: type }));
        var save = document.createElement("a");
        save.href = href;
        save.download = name;
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(function () { URL.revokeObjectURL(href); }, 10000);
      });
    }, true);

    // Images of hand-written pages.
    document.addEventListener("DOMContentLoaded", function () {
      Array.prototype.forEach.call(document.querySelectorAll("img[src]"), function (img) {
        var url = encryptedUrl(img.getAttribute("src"));
        if (url) plainBytes(url).then(function (bytes) { img.src = URL.createObjectURL(new Blob([bytes])); });
      });
    });
  }
})();
