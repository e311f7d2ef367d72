package dev.qvm.core.config;

/**
 * One {@code pass loc [mem:]ADDR,LEN,FLAGS[=HOSTADDR]}: a host device window seen by the guest at
 * {@code ipa}.
 *
 * @param flags the flag letters as written, each of {@code r w x n c m}
 * @param hostPa the host address of the window ({@code ipa} unless {@code =HOSTADDR})
 */
public record PassLoc(long ipa, long length, String flags, long hostPa, Location location) {

  public boolean readable() {
    return flags.indexOf('r') >= 0;
  }

  public boolean writable() {
    return flags.indexOf('w') >= 0;
  }

  public boolean executable() {
    return flags.indexOf('x') >= 0;
  }

  /** {@code n}: device memory (non-cacheable) in the stage-2 attributes. */
  public boolean nonCacheable() {
    return flags.indexOf('n') >= 0;
  }
}
