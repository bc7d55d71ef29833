package io.fleetdeploy.appspec;

/**
 * One member of a tar archive.
 *
 * @param type the tar type flag: {@code '0'} file, {@code '5'} directory, {@code '2'} symlink,
 *     {@code '1'} hard link, {@code '3'}/{@code '4'} devices, {@code '6'} fifo
 */
public record TarEntry(String name, char type, long size, int mode, String linkName) {
  public static final char FILE = '0';
  public static final char HARD_LINK = '1';
  public static final char SYMLINK = '2';
  public static final char CHARACTER_DEVICE = '3';
  public static final char BLOCK_DEVICE = '4';
  public static final char DIRECTORY = '5';
  public static final char FIFO = '6';

  public boolean isDirectory() {
    return type == DIRECTORY;
  }
}
