package org.npcoutcomes.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.apache.batik.transcoder.SVGAbstractTranscoder;
import org.apache.batik.transcoder.TranscoderException;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.ImageTranscoder;

/**
 * PNG copies of the figures: Apache Batik renders the SVG (no browser, no display needed) and the JDK's
 * ImageIO encodes the PNG, which is several times faster than Batik's own PNG codec on these figures.
 */
public final class PngRenderer {
  /** Pixels per SVG unit: twice the on-screen size, sharp enough for slides and print at ~150 dpi. */
  static final float SCALE = 2f;

  private PngRenderer() {}

  public static byte[] png(String svgDocument, double width) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    Raster t = new Raster();
    t.addTranscodingHint(SVGAbstractTranscoder.KEY_WIDTH, (float) width * SCALE);
    t.addTranscodingHint(ImageTranscoder.KEY_BACKGROUND_COLOR, Color.WHITE);
    try {
      TranscoderInput in = new TranscoderInput(new StringReader(svgDocument));
      in.setURI("file:/figure.svg");
      t.transcode(in, new TranscoderOutput(new ByteArrayOutputStream()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(t.image, "png", out);
      return out.toByteArray();
    } catch (TranscoderException e) {
      throw new IllegalStateException("cannot render a figure to PNG: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a figure as PNG", e);
    }
  }

  /** The width attribute of a figure's root element. */
  static double width(String markup) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<svg[^>]*?\\swidth=\"([0-9.]+)\"").matcher(markup);
    return m.find() ? Double.parseDouble(m.group(1)) : 800;
  }

  /** Keeps the rendered image (opaque RGB: the figures have a white background). */
  private static final class Raster extends ImageTranscoder {
    private BufferedImage image;

    @Override
    public BufferedImage createImage(int width, int height) {
      return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    @Override
    public void writeImage(BufferedImage img, TranscoderOutput output) {
      this.image = img;
    }
  }
}
