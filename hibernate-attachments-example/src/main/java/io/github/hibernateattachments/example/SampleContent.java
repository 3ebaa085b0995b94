package io.github.hibernateattachments.example;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.imageio.ImageIO;

/**
 * The demo's files, generated in memory.
 */
final class SampleContent {

	private static final int SIZE = 8;

	private SampleContent() {
	}

	/** A small, valid PNG image of one color. */
	static byte[] png(Color color) {
		final BufferedImage image = new BufferedImage( SIZE, SIZE, BufferedImage.TYPE_INT_RGB );
		for ( int x = 0; x < SIZE; x++ ) {
			for ( int y = 0; y < SIZE; y++ ) {
				image.setRGB( x, y, color.getRGB() );
			}
		}
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write( image, "png", out );
		}
		catch (IOException e) {
			throw new UncheckedIOException( e );
		}
		return out.toByteArray();
	}

	/** UTF-8 text, one line per argument. */
	static byte[] text(String... lines) {
		return ( String.join( "\n", lines ) + "\n" ).getBytes( StandardCharsets.UTF_8 );
	}

	/** @return the SHA-256 of {@code content}, lower-case hex, as the extension records it */
	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex( MessageDigest.getInstance( "SHA-256" ).digest( content ) );
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException( e );
		}
	}
}
