package dev.tierpack.manifests.serve;

import java.util.List;

/**
 * Checks {@code Range} request headers. tierpack does not serve partial content (NARs are compressed on the fly, and
 * it says {@code Accept-Ranges: none}); a syntactically valid byte-range request is ignored and answered with the
 * whole resource, as HTTP allows. A malformed one, or one so large it can only be an attack (more than
 * {@value #MAX_RANGES} ranges, longer than {@value #MAX_LENGTH} characters, numbers beyond 2^63-1), is rejected.
 */
final class RangeHeader {
    static final int MAX_LENGTH = 1024;
    static final int MAX_RANGES = 16;

    private RangeHeader() {}

    /** Null if the headers are acceptable (absent, or valid byte ranges), else why they are not. */
    static String problem(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            return "more than one Range header";
        }
        String v = values.getFirst().strip();
        if (v.length() > MAX_LENGTH) {
            return "Range header too long";
        }
        if (!v.startsWith("bytes=")) {
            return "Range unit is not bytes";
        }
        String[] ranges = v.substring(6).split(",", -1);
        if (ranges.length > MAX_RANGES) {
            return "too many ranges";
        }
        for (String r : ranges) {
            String s = r.strip();
            int dash = s.indexOf('-');
            if (dash < 0 || s.indexOf('-', dash + 1) >= 0) {
                return "malformed byte range";
            }
            String first = s.substring(0, dash);
            String last = s.substring(dash + 1);
            if (first.isEmpty() && last.isEmpty()) {
                return "malformed byte range";
            }
            long a = first.isEmpty() ? -1 : number(first);
            long b = last.isEmpty() ? -1 : number(last);
            if (!first.isEmpty() && a < 0 || !last.isEmpty() && b < 0) {
                return "byte range position is not a number below 2^63";
            }
            if (a >= 0 && b >= 0 && b < a) {
                return "byte range ends before it starts";
            }
        }
        return null;
    }

    private static long number(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
