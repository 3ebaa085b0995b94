package io.github.hibernateattachments.internal.upload;

import java.util.HashSet;
import java.util.Set;

import io.github.hibernateattachments.spi.StorageService;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyGeneratorTest {

	@Test
	void keys_carry_160_random_bits_in_32_base32_characters_valid_for_every_backend() {
		final Set<String> keys = new HashSet<>();
		for ( int i = 0; i < 10_000; i++ ) {
			final String key = KeyGenerator.newKey();
			assertThat( key ).matches( "[a-z2-7]{32}" );
			assertThat( StorageService.isValidKey( key ) ).isTrue();
			keys.add( key );
		}
		assertThat( keys ).hasSize( 10_000 );
		assertThat( KeyGenerator.KEY_BYTES * 8 ).isGreaterThanOrEqualTo( 128 );
	}

	@Test
	void every_character_of_the_alphabet_appears_in_every_position_eventually() {
		// a cheap bias check: 2,000 keys give each of 32 symbols ~62 chances per position
		final boolean[][] seen = new boolean[32][32];
		for ( int i = 0; i < 2_000; i++ ) {
			final String key = KeyGenerator.newKey();
			for ( int p = 0; p < 32; p++ ) {
				final char c = key.charAt( p );
				seen[p][c >= 'a' ? c - 'a' : c - '2' + 26] = true;
			}
		}
		for ( boolean[] position : seen ) {
			for ( boolean symbol : position ) {
				assertThat( symbol ).isTrue();
			}
		}
	}
}
