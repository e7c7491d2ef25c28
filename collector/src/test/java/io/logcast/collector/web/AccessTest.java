package io.logcast.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessTest {

    private static final String TOKEN = "s3cret-token-0123456789";

    @Test
    void withoutATokenOnlyRequestsNamingThisMachineAreAllowed() {
        Access local = Access.local();
        for (String host : new String[] {"127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "127.0.0.2:80"}) {
            assertThat(local.check(host, null, null)).as(host).isEqualTo(Access.Verdict.ALLOWED);
        }
        for (String host : new String[] {"evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example:8080", "10.0.0.1:8080"}) {
            assertThat(local.check(host, null, null)).as(host).isEqualTo(Access.Verdict.FOREIGN_HOST);
        }
        assertThat(local.check(null, null, null)).isEqualTo(Access.Verdict.FOREIGN_HOST);
    }

    @Test
    void withATokenABearerHeaderOrTheSessionCookieIsRequired() {
        Access access = Access.withToken(TOKEN);
        assertThat(access.check("logs.example:8080", "Bearer " + TOKEN, null)).isEqualTo(Access.Verdict.ALLOWED);
        assertThat(access.check("logs.example:8080", "bearer " + TOKEN, null)).isEqualTo(Access.Verdict.ALLOWED);
        assertThat(access.check("logs.example:8080", null, access.session())).isEqualTo(Access.Verdict.ALLOWED);
        assertThat(access.check("logs.example:8080", null, null)).isEqualTo(Access.Verdict.UNAUTHENTICATED);
        assertThat(access.check("logs.example:8080", "Bearer " + TOKEN + "x", null)).isEqualTo(Access.Verdict.UNAUTHENTICATED);
        assertThat(access.check("logs.example:8080", "Basic " + TOKEN, null)).isEqualTo(Access.Verdict.UNAUTHENTICATED);
        assertThat(access.check("logs.example:8080", null, TOKEN)).isEqualTo(Access.Verdict.UNAUTHENTICATED);
    }

    @Test
    void theSessionCookieIsDerivedFromTheTokenAndDoesNotContainIt() {
        String session = Access.withToken(TOKEN).session();
        assertThat(session).isEqualTo(Access.withToken(TOKEN).session()).doesNotContain(TOKEN).hasSize(43);
        assertThat(Access.withToken(TOKEN + "2").session()).isNotEqualTo(session);
        assertThat(Access.local().session()).isNull();
    }
}
