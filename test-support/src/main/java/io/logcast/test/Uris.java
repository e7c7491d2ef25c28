package io.logcast.test;

import java.util.regex.Pattern;

/** Masks the password of an AMQP URI so that test output never carries credentials. */
final class Uris {

    private static final Pattern PASSWORD = Pattern.compile("(://[^:/@]*:)[^@/]*@");

    private Uris() {
    }

    static String mask(String uri) {
        return PASSWORD.matcher(uri).replaceFirst("$1****@");
    }
}
