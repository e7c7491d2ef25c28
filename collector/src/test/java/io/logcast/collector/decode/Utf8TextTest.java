package io.logcast.collector.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The byte-level UTF-8 check agrees with the JDK's strict decoder, which it replaces on the hot path. */
class Utf8TextTest {

    @Test
    void everySequenceOfOneOrTwoBytesAndThreeByteSequencesAreJudgedAsTheJdkDecoderJudgesThem() {
        byte[] one = new byte[1];
        byte[] two = new byte[2];
        byte[] three = new byte[3];
        int disagreements = 0;
        for (int a = 0; a < 256; a++) {
            one[0] = (byte) a;
            disagreements += Utf8Text.isValid(one, 1) == jdkValid(one) ? 0 : 1;
            for (int b = 0; b < 256; b++) {
                two[0] = (byte) a;
                two[1] = (byte) b;
                disagreements += Utf8Text.isValid(two, 2) == jdkValid(two) ? 0 : 1;
                if (a >= 0xc0) { // a lead byte: the third byte at each boundary of the continuation range
                    for (int c : new int[] {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff}) {
                        three[0] = (byte) a;
                        three[1] = (byte) b;
                        three[2] = (byte) c;
                        disagreements += Utf8Text.isValid(three, 3) == jdkValid(three) ? 0 : 1;
                    }
                }
            }
        }
        assertThat(disagreements).isZero();
    }

    @Test
    void fourByteSequencesAndRandomMixturesAreJudgedAsTheJdkDecoderJudgesThem() {
        byte[] four = new byte[4];
        int disagreements = 0;
        for (int a = 0xf0; a < 0x100; a++) {
            for (int b = 0x70; b < 0xd0; b++) {
                for (int c : new int[] {0x7f, 0x80, 0xbf, 0xc0}) {
                    for (int d : new int[] {0x41, 0x80, 0xbf, 0xc0}) {
                        four[0] = (byte) a;
                        four[1] = (byte) b;
                        four[2] = (byte) c;
                        four[3] = (byte) d;
                        disagreements += Utf8Text.isValid(four, 4) == jdkValid(four) ? 0 : 1;
                    }
                }
            }
        }
        Random random = new Random(16);
        byte[] text = "é€𝄞 plain ascii".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50_000; i++) {
            byte[] mixture = new byte[1 + random.nextInt(12)];
            for (int k = 0; k < mixture.length; k++) {
                mixture[k] = random.nextBoolean() ? text[random.nextInt(text.length)] : (byte) random.nextInt(256);
            }
            disagreements += Utf8Text.isValid(mixture, mixture.length) == jdkValid(mixture) ? 0 : 1;
        }
        assertThat(disagreements).isZero();
    }

    @Test
    void onlyTheGivenLengthIsJudged() {
        byte[] cutInsideACharacter = "ok é".getBytes(StandardCharsets.UTF_8);

        assertThat(Utf8Text.isValid(cutInsideACharacter, cutInsideACharacter.length)).isTrue();
        assertThat(Utf8Text.isValid(cutInsideACharacter, cutInsideACharacter.length - 1)).isFalse();
        assertThat(Utf8Text.isValid(cutInsideACharacter, 2)).isTrue();
    }

    private static final CharsetDecoder JDK = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private static boolean jdkValid(byte[] bytes) {
        try {
            JDK.reset().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
