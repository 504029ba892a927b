package dev.tierpack.manifests.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over a plain socket, for requests a well-behaved client library would refuse to send or would repair. */
final class RawHttp {
    record Response(int status, Map<String, String> headers, byte[] body, boolean cleanEnd) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {}

    /** Sends {@code requestHead} (request line and headers, without the blank line) and reads until the server closes. */
    static Response send(InetSocketAddress server, String requestHead) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, 5_000);
            s.setSoTimeout(60_000);
            s.getOutputStream().write((requestHead + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            try {
                in.transferTo(all);
            } catch (java.net.SocketException e) {
                // connection reset: keep what arrived
            }
            return parse(all.toByteArray());
        }
    }

    static Response parse(byte[] raw) {
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (headEnd < 0) {
            throw new IllegalStateException("no complete response head: " + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] rest = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return dechunk(status, headers, rest);
        }
        String length = headers.get("content-length");
        boolean clean = length == null || Long.parseLong(length) == rest.length;
        return new Response(status, headers, rest, clean);
    }

    private static Response dechunk(int status, Map<String, String> headers, byte[] b) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int eol = indexOf(b, new byte[] {'\r', '\n'}, at);
            if (eol < 0) {
                return new Response(status, headers, body.toByteArray(), false);
            }
            int size = Integer.parseInt(new String(b, at, eol - at, StandardCharsets.ISO_8859_1).strip(), 16);
            at = eol + 2;
            if (size == 0) {
                boolean clean = b.length >= at + 2 && b[at] == '\r' && b[at + 1] == '\n';
                return new Response(status, headers, body.toByteArray(), clean);
            }
            if (at + size + 2 > b.length) {
                body.write(b, at, Math.max(0, Math.min(size, b.length - at)));
                return new Response(status, headers, body.toByteArray(), false);
            }
            body.write(b, at, size);
            at += size + 2;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
