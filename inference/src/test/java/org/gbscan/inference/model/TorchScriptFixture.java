package org.gbscan.inference.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a tiny TorchScript archive by hand (no Python here): a module without weights whose forward
 * returns two logits per image from the image mean, in the layout {@code torch.jit.save} produces
 * (stored zip entries: code, data.pkl, constants.pkl, version).
 */
final class TorchScriptFixture {
    private TorchScriptFixture() {
    }

    /** forward(x) = stack([mean(x), -mean(x)], 1): logits of shape N x 2. */
    static void write(Path file) throws IOException {
        String code = """
                class MeanModel(Module):
                  __parameters__ = []
                  __buffers__ = []
                  training : bool
                  def forward(self: __torch__.MeanModel,
                    x: Tensor) -> Tensor:
                    m = torch.mean(x, [1, 2, 3])
                    return torch.stack([m, torch.neg(m)], 1)
                """;
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", dataPickle());
        entries.put("archive/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
        entries.put("archive/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.UTF_8));
        entries.put("archive/.data/version", "3\n".getBytes(StandardCharsets.UTF_8));
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    /** Pickle protocol 2 of the module object: GLOBAL __torch__.MeanModel, NEWOBJ, BUILD {'training': False}. */
    private static byte[] dataPickle() {
        java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
        p.write(0x80);
        p.write(2);
        p.writeBytes("c__torch__\nMeanModel\n".getBytes(StandardCharsets.US_ASCII));
        p.write(')');          // EMPTY_TUPLE
        p.write(0x81);         // NEWOBJ
        p.write('}');          // EMPTY_DICT
        p.write('(');          // MARK
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X');          // BINUNICODE
        p.write(key.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(key);
        p.write(0x89);         // NEWFALSE
        p.write('u');          // SETITEMS
        p.write('b');          // BUILD
        p.write('.');          // STOP
        return p.toByteArray();
    }
}
