package io.logcast.collector.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.logcast.collector.account.DeliveryCounts;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The web view's paths: the page, the login, the live feed ({@code /api/live}, Server-Sent Events),
 * {@code /api/events}, {@code /api/rates} and {@code /metrics}. Every response carries a strict
 * Content-Security-Policy: the page runs its own script only, and a string can never become markup.
 */
final class WebRoutes extends Handler.Abstract {

    /** Only the page's own files; no inline script or style; no plug-ins, frames or foreign connections; Trusted Types. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; "
            + "require-trusted-types-for 'script'; trusted-types 'none'";

    private static final JsonFactory JSON = new JsonFactory();
    private static final String FAILED_LOGIN_NOTE = "<p class=\"refused\">That is not the token. Try again.</p>";

    private final EventHub hub;
    private final History history;
    private final Supplier<DeliveryCounts> counts;
    private final Access access;
    private final StaticAssets assets;
    private final Executor executor;

    /** @param history what {@code /api/events} reads: the hub's recent buffer, or a stream */
    WebRoutes(EventHub hub, History history, Supplier<DeliveryCounts> counts, Access access, StaticAssets assets, Executor executor) {
        this.hub = hub;
        this.history = history;
        this.counts = counts;
        this.access = access;
        this.assets = assets;
        this.executor = executor;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("Cross-Origin-Opener-Policy", "same-origin");
        response.getHeaders().put("Cross-Origin-Resource-Policy", "same-origin");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");

        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        Access.Verdict verdict = access.check(request.getHeaders().get(HttpHeader.HOST),
                request.getHeaders().get(HttpHeader.AUTHORIZATION), cookie(request, Access.COOKIE));
        if (verdict == Access.Verdict.FOREIGN_HOST) {
            return text(response, callback, HttpStatus.MISDIRECTED_REQUEST_421,
                    "This web view answers to localhost and 127.0.0.1 only.\n");
        }
        if ("/login".equals(path) && access.requiresToken()) {
            if ("POST".equals(method)) {
                return login(request, response, callback);
            }
            if (read) {
                return loginPage(request, response, callback);
            }
        }
        if ("/app.css".equals(path) && read) {
            return asset(response, callback, "app.css");
        }
        if (verdict == Access.Verdict.UNAUTHENTICATED) {
            if ("/".equals(path) && read) {
                Response.sendRedirect(request, response, callback, "/login");
                return true;
            }
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"logcast\"");
            return text(response, callback, HttpStatus.UNAUTHORIZED_401,
                    "A token is required: Authorization: Bearer TOKEN, or log in at /login.\n");
        }
        if (!read) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "Only GET and HEAD.\n");
        }
        switch (path) {
            case "/":
            case "/index.html":
                return asset(response, callback, "index.html");
            case "/app.js":
                return asset(response, callback, "app.js");
            case "/api/live":
                return live(request, response, callback);
            case "/api/events":
                return events(request, response, callback);
            case "/api/rates":
                return rates(response, callback);
            case "/metrics":
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                Content.Sink.write(response, true, hub.metrics(counts.get()), callback);
                return true;
            default:
                return text(response, callback, HttpStatus.NOT_FOUND_404, "Not found.\n");
        }
    }

    private boolean live(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        if ("HEAD".equals(request.getMethod())) {
            // a feed has no end: HEAD gets its headers only
            callback.succeeded();
            return true;
        }
        // proxies such as nginx would otherwise hold the stream back
        response.getHeaders().put("X-Accel-Buffering", "no");
        // EventSource sends Last-Event-ID when it reconnects by itself; the page passes it when it starts a new one
        String lastEventId = request.getHeaders().get("Last-Event-ID");
        if (lastEventId == null) {
            lastEventId = Request.extractQueryParameters(request).getValue("lastEventId");
        }
        if (!hub.connect(response, callback, executor, lastEventId)) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            return text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "Too many pages are connected.\n");
        }
        return true;
    }

    private boolean events(Request request, Response response, Callback callback) {
        Fields parameters = Request.extractQueryParameters(request);
        EventQuery query;
        try {
            query = EventQuery.parse(parameters::getValue, System.currentTimeMillis(), history.maxResults());
        } catch (IllegalArgumentException e) {
            return json(response, callback, HttpStatus.BAD_REQUEST_400, error(e.getMessage()));
        }
        History.Found found = history.find(query);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        out.writeBytes(("{\"source\":\"" + found.source() + "\",\"complete\":" + found.complete() + ",\"events\":[")
                .getBytes(StandardCharsets.UTF_8));
        List<FeedEntry> entries = found.entries();
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(entries.get(i).json());
        }
        out.writeBytes("]}\n".getBytes(StandardCharsets.UTF_8));
        return json(response, callback, HttpStatus.OK_200, out.toByteArray());
    }

    private boolean rates(Response response, Callback callback) {
        RateHistory.Snapshot rates = hub.rates();
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField("bucketMillis", rates.bucketMillis());
            json.writeNumberField("firstBucket", rates.firstBucket());
            json.writeObjectFieldStart("counts");
            for (int level = 0; level < rates.counts().length; level++) {
                json.writeFieldName(EventQuery.LEVELS.get(level));
                json.writeArray(rates.counts()[level], 0, rates.counts()[level].length);
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json(response, callback, HttpStatus.OK_200, out.toByteArray());
    }

    private boolean loginPage(Request request, Response response, Callback callback) {
        StaticAssets.Asset page = assets.get("login.html");
        boolean failed = Request.extractQueryParameters(request).get("failed") != null;
        String html = new String(page.content(), StandardCharsets.UTF_8).replace("<!--failed-->", failed ? FAILED_LOGIN_NOTE : "");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, page.contentType());
        response.setStatus(failed ? HttpStatus.UNAUTHORIZED_401 : HttpStatus.OK_200);
        Content.Sink.write(response, true, html, callback);
        return true;
    }

    private boolean login(Request request, Response response, Callback callback) {
        Fields form;
        try {
            form = FormFields.getFields(request, 4, 4096);
        } catch (RuntimeException e) {
            return text(response, callback, HttpStatus.BAD_REQUEST_400, "Send the form of /login.\n");
        }
        if (!access.tokenMatches(form.getValue("token"))) {
            Response.sendRedirect(request, response, callback, HttpStatus.SEE_OTHER_303, "/login?failed", true);
            return true;
        }
        Response.addCookie(response, HttpCookie.build(Access.COOKIE, access.session())
                .path("/").httpOnly(true).sameSite(HttpCookie.SameSite.STRICT).build());
        Response.sendRedirect(request, response, callback, HttpStatus.SEE_OTHER_303, "/", true);
        return true;
    }

    private boolean asset(Response response, Callback callback, String name) {
        StaticAssets.Asset asset = assets.get(name);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.write(true, ByteBuffer.wrap(asset.content()), callback);
        return true;
    }

    private static boolean text(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, text, callback);
        return true;
    }

    private static boolean json(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static byte[] error(String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String cookie(Request request, String name) {
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (name.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
