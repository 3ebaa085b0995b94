package io.github.hibernateattachments.gcs;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.hibernateattachments.spi.ObjectMetadata;
import io.github.hibernateattachments.spi.StorageException;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V4 signed URLs, signed with a service-account key generated here, then checked as GCS would check them:
 * the signature over the canonical request, the expiry, and the response parameters.
 */
class GcsSignedUrlTest {

	private static KeyPair keys;
	private static GcsStorageService service;

	@BeforeAll
	static void serviceAccount() throws Exception {
		final KeyPairGenerator generator = KeyPairGenerator.getInstance( "RSA" );
		generator.initialize( 2048 );
		keys = generator.generateKeyPair();
		final ServiceAccountCredentials credentials = ServiceAccountCredentials.newBuilder()
				.setClientEmail( "attachments@test-project.iam.gserviceaccount.com" )
				.setClientId( "1" )
				.setPrivateKey( keys.getPrivate() )
				.setPrivateKeyId( "key-1" )
				.setProjectId( "test-project" )
				.build();
		final Storage storage = StorageOptions.newBuilder().setProjectId( "test-project" ).setCredentials( credentials )
				.build().getService();
		service = new GcsStorageService( "gcs", storage, "photos-bucket", "attachments/", 256 * 1024, true );
	}

	private static Map<String, String> query(URI url) {
		final Map<String, String> result = new TreeMap<>();
		for ( String pair : url.getRawQuery().split( "&" ) ) {
			final int eq = pair.indexOf( '=' );
			result.put( URLDecoder.decode( pair.substring( 0, eq ), StandardCharsets.UTF_8 ),
					URLDecoder.decode( pair.substring( eq + 1 ), StandardCharsets.UTF_8 ) );
		}
		return result;
	}

	@Test
	void a_signed_url_is_valid_for_the_ttl_and_forces_disposition_and_type() throws Exception {
		final String key = "k".repeat( 32 );
		final String disposition = "attachment; filename=\"r\u00e9sum\u00e9.html\"; filename*=UTF-8''r%C3%A9sum%C3%A9.html";
		final Instant before = Instant.now().minusSeconds( 1 );

		final URI url = service.signedUrl( key, Duration.ofMinutes( 5 ), disposition,
				new ObjectMetadata( "résumé.html", "text/html", disposition ) ).orElseThrow();

		assertThat( url.getScheme() ).isEqualTo( "https" );
		assertThat( url.getHost() ).isEqualTo( "storage.googleapis.com" );
		assertThat( url.getRawPath() ).isEqualTo( "/photos-bucket/attachments/" + key );
		final Map<String, String> query = query( url );
		assertThat( query ).containsEntry( "X-Goog-Algorithm", "GOOG4-RSA-SHA256" )
				.containsEntry( "X-Goog-Expires", "300" )
				.containsEntry( "X-Goog-SignedHeaders", "host" )
				.containsEntry( "response-content-disposition", disposition )
				.containsEntry( "response-content-type", "text/html" );
		assertThat( query.get( "X-Goog-Credential" ) ).startsWith( "attachments@test-project.iam.gserviceaccount.com/" )
				.endsWith( "/auto/storage/goog4_request" );
		final Instant signedAt = DateTimeFormatter.ofPattern( "yyyyMMdd'T'HHmmss'Z'" ).withZone( ZoneOffset.UTC )
				.parse( query.get( "X-Goog-Date" ), Instant::from );
		assertThat( signedAt ).isBetween( before.truncatedTo( java.time.temporal.ChronoUnit.SECONDS ), Instant.now() );

		// the signature GCS checks: RSA-SHA256 over the string to sign of the canonical request
		final String canonicalQuery = url.getRawQuery().lines().flatMap( q -> java.util.Arrays.stream( q.split( "&" ) ) )
				.filter( p -> !p.startsWith( "X-Goog-Signature=" ) ).sorted().collect( Collectors.joining( "&" ) );
		final String canonicalRequest = "GET\n" + url.getRawPath() + "\n" + canonicalQuery + "\nhost:storage.googleapis.com\n\nhost\nUNSIGNED-PAYLOAD";
		final String scope = query.get( "X-Goog-Credential" ).substring( query.get( "X-Goog-Credential" ).indexOf( '/' ) + 1 );
		final String stringToSign = "GOOG4-RSA-SHA256\n" + query.get( "X-Goog-Date" ) + "\n" + scope + "\n"
				+ HexFormat.of().formatHex( MessageDigest.getInstance( "SHA-256" ).digest( canonicalRequest.getBytes( StandardCharsets.UTF_8 ) ) );
		final Signature verifier = Signature.getInstance( "SHA256withRSA" );
		verifier.initVerify( keys.getPublic() );
		verifier.update( stringToSign.getBytes( StandardCharsets.UTF_8 ) );
		assertThat( verifier.verify( HexFormat.of().parseHex( query.get( "X-Goog-Signature" ) ) ) ).isTrue();

		// and a URL for another key does not carry this signature
		final URI other = service.signedUrl( "m".repeat( 32 ), Duration.ofMinutes( 5 ) ).orElseThrow();
		assertThat( query( other ).get( "X-Goog-Signature" ) ).isNotEqualTo( query.get( "X-Goog-Signature" ) );
	}

	@Test
	void a_url_valid_longer_than_seven_days_is_refused() {
		assertThatThrownBy( () -> service.signedUrl( "k".repeat( 32 ), Duration.ofDays( 8 ) ) )
				.isInstanceOf( StorageException.class )
				.hasMessage( "GCS storage service 'gcs': a signed URL must expire within 7 days, not PT192H" );
	}

	@Test
	void an_invalid_key_is_refused_before_signing() {
		assertThatThrownBy( () -> service.signedUrl( "../etc/passwd", Duration.ofMinutes( 5 ) ) )
				.isInstanceOf( StorageException.class ).hasMessageContaining( "refuses key '../etc/passwd'" );
	}
}
