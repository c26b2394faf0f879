/* bill-sandbox docs page: Swagger UI plus the session handling of "Try it out".
 *
 * API login's response carries a sessionId; every later call needs it (and the devKey) as
 * headers. This keeps both in localStorage (shared by /connect/docs and /connect-events/docs)
 * and adds them to requests whose header fields were left empty, so nobody retypes them.
 *
 * Request examples name ids as variables ({{vendorId}}): the id of each object created from
 * this page (a POST answering with an "id", and any "...Id" field a POST returns) is kept
 * and replaces its variable in later requests, like the exported Postman collection does.
 */
(function () {
  "use strict";

  var SESSION_KEY = "bill-sandbox.sessionId";
  var DEVKEY_KEY = "bill-sandbox.devKey";
  var VAR_PREFIX = "bill-sandbox.var.";
  var memory = {};
  var idVariables = {};

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function load(key) {
    var s = storage();
    return s ? s.getItem(key) : memory[key] || null;
  }

  function save(key, value) {
    var s = storage();
    if (value) {
      if (s) s.setItem(key, value);
      else memory[key] = value;
    } else if (s) {
      s.removeItem(key);
    } else {
      delete memory[key];
    }
    render();
  }

  function pathOf(url) {
    try {
      return new URL(url, window.location.href).pathname;
    } catch (e) {
      return "";
    }
  }

  function isApiCall(url) {
    return /\/v3\//.test(pathOf(url));
  }

  function endsWith(url, suffix) {
    var path = pathOf(url);
    return path.slice(-suffix.length) === suffix;
  }

  function hasHeader(headers, name) {
    var lower = name.toLowerCase();
    return Object.keys(headers).some(function (key) {
      return key.toLowerCase() === lower && headers[key] !== "" && headers[key] != null;
    });
  }

  function fill(text) {
    return String(text).replace(/\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g, function (all, name) {
      var value = load(VAR_PREFIX + name);
      return value ? value : all;
    });
  }

  function parsed(res) {
    var body = res.body;
    if (!body || typeof body !== "object") {
      try {
        body = JSON.parse(res.text || res.data || "null");
      } catch (e) {
        body = null;
      }
    }
    return body;
  }

  function keepIds(res) {
    var body = parsed(res);
    if (!body || typeof body !== "object" || Array.isArray(body)) return;
    var path = pathOf(res.url).replace(/^.*?(\/v3\/)/, "/v3/");
    var variable = idVariables[path];
    if (variable && typeof body.id === "string") save(VAR_PREFIX + variable, body.id);
    Object.keys(body).forEach(function (key) {
      if (/^[a-z][A-Za-z0-9]*Id$/.test(key) && key !== "sessionId" && typeof body[key] === "string") {
        save(VAR_PREFIX + key, body[key]);
      }
    });
  }

  function requestInterceptor(req) {
    if (!isApiCall(req.url)) return req;
    req.headers = req.headers || {};
    if (typeof req.body === "string") req.body = fill(req.body);
    req.url = fill(req.url).replace(/%7B%7B([A-Za-z_][A-Za-z0-9_]*)%7D%7D/g, function (all, name) {
      var value = load(VAR_PREFIX + name);
      return value ? value : all;
    });
    if (req.method === "POST" && endsWith(req.url, "/v3/login")) {
      try {
        var body = typeof req.body === "string" ? JSON.parse(req.body) : req.body;
        if (body && body.devKey) save(DEVKEY_KEY, String(body.devKey));
      } catch (e) {
        /* not JSON: the server will say so */
      }
      return req;
    }
    var devKey = load(DEVKEY_KEY);
    var sessionId = load(SESSION_KEY);
    if (devKey && !hasHeader(req.headers, "devKey")) req.headers.devKey = devKey;
    if (sessionId && !hasHeader(req.headers, "sessionId")) req.headers.sessionId = sessionId;
    return req;
  }

  function responseInterceptor(res) {
    if (res.status === 200 && endsWith(res.url, "/v3/login")) {
      var body = res.body;
      if (!body || typeof body !== "object") {
        try {
          body = JSON.parse(res.text || res.data || "{}");
        } catch (e) {
          body = {};
        }
      }
      if (body && body.sessionId) save(SESSION_KEY, String(body.sessionId));
    } else if (res.status === 200 && endsWith(res.url, "/v3/logout")) {
      save(SESSION_KEY, null);
    } else if (res.status >= 200 && res.status < 300 && isApiCall(res.url)) {
      keepIds(res);
    }
    return res;
  }

  function render() {
    var bar = document.getElementById("bill-sandbox-session");
    if (!bar) return;
    var sessionId = load(SESSION_KEY);
    bar.textContent = "";
    var label = document.createElement("span");
    if (sessionId) {
      label.appendChild(document.createTextNode("Logged in: sessionId "));
      var code = document.createElement("code");
      code.textContent = sessionId;
      label.appendChild(code);
      label.appendChild(
        document.createTextNode(" and your devKey are sent with every call whose header fields are empty.")
      );
      bar.appendChild(label);
      var forget = document.createElement("button");
      forget.type = "button";
      forget.textContent = "Forget session";
      forget.onclick = function () {
        save(SESSION_KEY, null);
      };
      bar.appendChild(forget);
    } else {
      label.textContent =
        "Not logged in: open authentication > API login, click Try it out, then Execute. " +
        "The sessionId it returns is then sent with every other call.";
      bar.appendChild(label);
    }
    bar.setAttribute("data-session", sessionId || "");
  }

  window.billSandboxDocs = function (config) {
    if (config.devKey && !load(DEVKEY_KEY)) save(DEVKEY_KEY, config.devKey);
    idVariables = config.idVariables || {};
    render();
    window.ui = window.SwaggerUIBundle({
      url: config.specUrl,
      dom_id: config.domId,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      deepLinking: true,
      displayRequestDuration: true,
      docExpansion: "list",
      defaultModelsExpandDepth: 0,
      showMutatedRequest: true,
      requestInterceptor: requestInterceptor,
      responseInterceptor: responseInterceptor,
    });
  };
})();
