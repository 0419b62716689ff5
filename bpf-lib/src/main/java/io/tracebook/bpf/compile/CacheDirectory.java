package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.CompileException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compile cache holds objects that get loaded into the kernel, often by root, so only this process's
 * user may be able to change what is in it (as ssh's StrictModes demands of ~/.ssh): the directory must
 * belong to the user and be writable by nobody else, and each directory above it must belong to the user
 * or root and be writable by nobody else unless it is sticky (/tmp). Directories Tracebook creates get
 * mode 0700.
 */
final class CacheDirectory {
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int ROOT = 0;
    private static final Path PROCESS_STATUS = Path.of("/proc/self/status");
    /** "Uid:" then the real, effective, saved and file-system uids (proc(5)). */
    private static final Pattern EFFECTIVE_UID = Pattern.compile("^Uid:\\s+\\d+\\s+(\\d+)", Pattern.MULTILINE);

    private CacheDirectory() {
    }

    /** {@code dir}, created if missing, once it is checked; its real path (symbolic links resolved). */
    static Path secure(Path dir) throws IOException {
        createPrivately(dir);
        Path real = dir.toRealPath();
        int me = effectiveUid();
        check(real, real, me);
        for (Path above = real.getParent(); above != null; above = above.getParent()) {
            check(real, above, me);
        }
        return real;
    }

    /** A directory inside a checked one: created with mode 0700, or checked like the cache itself if it exists. */
    static Path subdirectory(Path secured, String name) throws IOException {
        Path dir = secured.resolve(name);
        createPrivately(dir);
        check(secured, dir, effectiveUid());
        return dir;
    }

    /**
     * The effective user id, whose files this process may trust: read from proc(5) rather than by calling
     * geteuid(2), because the first native call of a JVM binds libc through FFM, 0.3-1.5 s here (more while libbpf is
     * bound beside it), and this check comes before bpftool on the first compile's critical path.
     */
    private static int effectiveUid() throws IOException {
        Matcher uid = EFFECTIVE_UID.matcher(Files.readString(PROCESS_STATUS));
        if (!uid.find()) throw new IOException(PROCESS_STATUS + " names no effective uid");
        return Integer.parseUnsignedInt(uid.group(1));
    }

    private static void createPrivately(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        if (dir.getParent() != null) Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException raced) {
            // another process created it meanwhile: checked like any existing one
        }
    }

    private static void check(Path cache, Path dir, int me) throws IOException {
        int owner = (Integer) Files.getAttribute(dir, "unix:uid");
        int mode = (Integer) Files.getAttribute(dir, "unix:mode");
        boolean inside = dir.startsWith(cache);
        String which = dir.equals(cache) ? "it" : inside ? dir.toString() : "the directory above it, " + dir;
        if (owner != me && (inside || owner != ROOT)) {
            String user = Files.getOwner(dir).getName();
            throw refused(cache, which + " belongs to " + user + " (uid " + owner + "), and this process (uid " + me
                    + ") would load whatever " + user + " puts there; set TRACEBOOK_CACHE to a directory of your own");
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (inside || (mode & STICKY) == 0)) {
            throw refused(cache, which + " is writable by other users (mode " + Integer.toOctalString(mode & 07777)
                    + "), who could plant programs this process would load; chmod go-w " + dir
                    + " or set TRACEBOOK_CACHE to a directory of your own");
        }
    }

    private static CompileException refused(Path cache, String why) {
        return new CompileException("Tracebook will not use the compile cache " + cache + ": " + why, List.of(), "");
    }
}
