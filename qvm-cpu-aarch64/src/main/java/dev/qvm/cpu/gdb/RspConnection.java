package dev.qvm.cpu.gdb;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One GDB connection: RSP packet framing ({@code $data#cs}), acknowledgements until {@code
 * QStartNoAckMode}, and the out-of-band interrupt byte 0x03 (Ctrl-C) that GDB sends while the
 * target runs (GDB manual E.1 "Overview", E.9 "Interrupts").
 */
final class RspConnection implements Closeable {

  /** What {@link #readPacket} returns for an interrupt byte. */
  static final String INTERRUPT = "\u0003";

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private boolean noAck;

  RspConnection(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Stops sending and expecting acknowledgements (after replying OK to QStartNoAckMode). */
  void disableAcks() {
    noAck = true;
  }

  /** The next packet's data, {@link #INTERRUPT}, or null when GDB closed the connection. */
  String readPacket() throws IOException {
    socket.setSoTimeout(0);
    while (true) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      if (c == 0x03) {
        return INTERRUPT;
      }
      if (c != '$') {
        continue; // '+' and '-' acknowledgements of our replies, noise between packets
      }
      StringBuilder data = new StringBuilder();
      while ((c = in.read()) != '#') {
        if (c < 0) {
          return null;
        }
        data.append((char) c);
      }
      int hi = in.read();
      int lo = in.read();
      if (lo < 0) {
        return null;
      }
      String payload = data.toString();
      if (!noAck) {
        boolean ok = Character.digit(hi, 16) * 16 + Character.digit(lo, 16) == Rsp.checksum(payload);
        out.write(ok ? '+' : '-');
        out.flush();
        if (!ok) {
          continue; // GDB retransmits
        }
      }
      return payload;
    }
  }

  /**
   * While the target runs: waits up to {@code millis} for a byte from GDB. Returns the byte, -1
   * when none came, -2 when GDB closed the connection.
   */
  int poll(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      int c = in.read();
      return c < 0 ? -2 : c;
    } catch (SocketTimeoutException e) {
      return -1;
    } finally {
      socket.setSoTimeout(0);
    }
  }

  /** Sends one packet and, in acknowledged mode, waits for GDB's '+' (resending after '-'). */
  void send(String payload) throws IOException {
    String framed = "$" + payload + "#" + String.format("%02x", Rsp.checksum(payload));
    byte[] bytes = framed.getBytes(StandardCharsets.ISO_8859_1);
    while (true) {
      out.write(bytes);
      out.flush();
      if (noAck) {
        return;
      }
      int c;
      do {
        c = in.read();
      } while (c >= 0 && c != '+' && c != '-');
      if (c != '-') {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
