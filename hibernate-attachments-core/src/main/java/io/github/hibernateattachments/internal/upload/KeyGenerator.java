package io.github.hibernateattachments.internal.upload;

import java.security.SecureRandom;

/**
 * Storage keys: 160 bits from {@link SecureRandom}, as 32 lower-case base-32 characters ({@code a-z2-7}),
 * which are valid keys for every backend and can never form a path.
 */
public final class KeyGenerator {

	private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
	private static final SecureRandom RANDOM = new SecureRandom();

	/** 20 bytes = 160 bits = 32 base-32 characters. */
	public static final int KEY_BYTES = 20;

	private KeyGenerator() {
	}

	public static String newKey() {
		final byte[] bytes = new byte[KEY_BYTES];
		RANDOM.nextBytes( bytes );
		final StringBuilder key = new StringBuilder( KEY_BYTES * 8 / 5 );
		int buffer = 0;
		int bits = 0;
		for ( byte b : bytes ) {
			buffer = ( buffer << 8 ) | ( b & 0xff );
			bits += 8;
			while ( bits >= 5 ) {
				key.append( ALPHABET[( buffer >>> ( bits - 5 ) ) & 31] );
				bits -= 5;
			}
		}
		return key.toString();
	}
}
