package dev.tierpack.campaign.ledger;

import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.error.FormatException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Ledger topic records: the key is the entry's role ({@code source}, {@code warm}, {@code cold}), the value the
 * entry's stable JSON form ({@link LedgerEntry#toJson()}) in UTF-8.
 */
public final class LedgerRecords {
    private LedgerRecords() {}

    public static String key(LedgerEntry e) {
        return e.role().key();
    }

    public static byte[] encode(LedgerEntry e) {
        return e.toJson().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes a record value.
     *
     * @param where the record's position ({@code topic/partition@offset}), named in errors
     * @throws FormatException naming the record and the reason
     */
    public static LedgerEntry decode(byte[] value, String where) {
        Objects.requireNonNull(where, "where");
        if (value == null) {
            throw new FormatException("ledger record without a value", "record", where);
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException("ledger record is not UTF-8", "record", where);
        }
        try {
            return LedgerEntry.fromJson(json);
        } catch (FormatException e) {
            throw new FormatException("unreadable ledger record", e, "record", where, "cause", e.getMessage());
        }
    }
}
