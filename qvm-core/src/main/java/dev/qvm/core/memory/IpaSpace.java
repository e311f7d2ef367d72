package dev.qvm.core.memory;

/**
 * The guest's intermediate physical address space as stage 2 maps it. A vCPU calls {@link
 * #lookup} only on a TLB miss and caches the answer per page.
 */
public interface IpaSpace {

  /** Translates the 4 KiB page holding {@code ipa} through stage 2. Never returns null. */
  PageMapping lookup(long ipa);
}
