package io.github.hibernateattachments.gcs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-process fake of the subset of the Google Cloud Storage JSON API that the official Java client
 * ({@code com.google.cloud:google-cloud-storage}, HTTP/JSON transport) uses for buckets lookups, object
 * uploads (simple, multipart and resumable), metadata reads, media downloads (with ranges), deletes,
 * batches of deletes and listings.
 * <p>
 * The server listens on {@code 127.0.0.1} on a free port; everything is kept in memory. Every request is
 * classified with a <em>kind</em> ({@link #BUCKET_GET}, {@link #INSERT}, {@link #RESUMABLE_START},
 * {@link #RESUMABLE_CHUNK}, {@link #GET}, {@link #MEDIA}, {@link #DELETE}, {@link #BATCH},
 * {@link #BATCH_PART}, {@link #LIST}, {@link #BUCKET_INSERT} or {@link #UNKNOWN}), counted, logged, and
 * may be subject to faults queued with {@link #failNext(String, int, int)},
 * {@link #dropConnectionNext(String)}, {@link #dropResponseNext(String)} and
 * {@link #delayNext(String, Duration)}: faults are queued per kind and each request consumes at most
 * one, in the order they were queued. Requests the fake does not understand are answered with
 * {@code 501}, appear in {@link #requestLog()} and are logged as {@code java.util.logging} warnings, so
 * that gaps are visible. Request bodies sent with {@code Content-Encoding: gzip} (the client gzips JSON
 * and multipart bodies) are inflated; client-supplied {@code crc32c}/{@code md5Hash} (multipart metadata,
 * or the {@code x-goog-hash} header of a final resumable chunk) are verified and a mismatch answers 400.
 * <p>
 * Not supported: object versioning (only the live generation exists), ACLs, object patch/update,
 * compose, copy/rewrite, bucket deletion or update, notifications, HMAC keys, signed URLs, XML API,
 * {@code matchGlob} listings and customer-supplied encryption keys.
 */
public final class FakeGcsServer implements AutoCloseable {

	/** Project id configured by {@link #clientOptions()}. */
	public static final String PROJECT_ID = "test-project";

	/** {@code GET /storage/v1/b/{bucket}}. */
	public static final String BUCKET_GET = "bucket-get";
	/** {@code POST /storage/v1/b?project=...}. */
	public static final String BUCKET_INSERT = "bucket-insert";
	/** {@code POST /upload/storage/v1/b/{bucket}/o?uploadType=multipart|media}. */
	public static final String INSERT = "insert";
	/** {@code POST /upload/storage/v1/b/{bucket}/o?uploadType=resumable}. */
	public static final String RESUMABLE_START = "resumable-start";
	/** {@code PUT /upload/storage/v1/b/{bucket}/o?uploadType=resumable&upload_id=...}. */
	public static final String RESUMABLE_CHUNK = "resumable-chunk";
	/** {@code GET /storage/v1/b/{bucket}/o/{object}} (metadata). */
	public static final String GET = "get";
	/** {@code GET /storage/v1/b/{bucket}/o/{object}?alt=media} (download). */
	public static final String MEDIA = "media";
	/** {@code DELETE /storage/v1/b/{bucket}/o/{object}}. */
	public static final String DELETE = "delete";
	/** {@code POST /batch/storage/v1}: one per batch HTTP request. */
	public static final String BATCH = "batch";
	/** One request embedded in a batch. */
	public static final String BATCH_PART = "batch-part";
	/** {@code GET /storage/v1/b/{bucket}/o}. */
	public static final String LIST = "list";
	/** Anything else; answered with {@code 501}. */
	public static final String UNKNOWN = "unknown";

	/** GCS rejects batches with more parts than this. */
	public static final int MAX_BATCH_PARTS = 100;

	private static final Set<String> KINDS = Set.of(
			BUCKET_GET, BUCKET_INSERT, INSERT, RESUMABLE_START, RESUMABLE_CHUNK, GET, MEDIA, DELETE, BATCH,
			BATCH_PART, LIST, UNKNOWN
	);

	private static final Logger LOG = Logger.getLogger( FakeGcsServer.class.getName() );
	private static final String JSON_TYPE = "application/json; charset=UTF-8";
	private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
	private static final DateTimeFormatter RFC_3339 = DateTimeFormatter
			.ofPattern( "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT )
			.withZone( ZoneOffset.UTC );

	private final HttpServer server;
	private final ExecutorService executor;
	private final String endpoint;
	private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();

	/** Guards {@link #buckets}, {@link #uploads}, {@link #faults} and {@link #corruptNextUpload}. */
	private final Object lock = new Object();
	private final Map<String, BucketState> buckets = new HashMap<>();
	private final Map<String, ResumableUpload> uploads = new HashMap<>();
	private final Map<String, Deque<Fault>> faults = new HashMap<>();
	private boolean corruptNextUpload;
	private volatile boolean resumablePreconditionsCheckedAtStart = true;

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
	private final List<String> log = Collections.synchronizedList( new ArrayList<>() );
	private final AtomicLong lastGeneration = new AtomicLong();

	private FakeGcsServer(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
		this.endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/**
	 * Starts a new server on {@code 127.0.0.1} and a free port.
	 *
	 * @return the running server; {@link #close() close} it when done
	 */
	public static FakeGcsServer start() {
		// without it, small responses wait for the client's delayed ACK (Nagle): about 40 ms per request
		System.setProperty( "sun.net.httpserver.nodelay", "true" );
		AtomicInteger threads = new AtomicInteger();
		ThreadFactory threadFactory = runnable -> {
			Thread thread = new Thread( runnable, "fake-gcs-" + threads.incrementAndGet() );
			thread.setDaemon( true );
			return thread;
		};
		ExecutorService executor = Executors.newCachedThreadPool( threadFactory );
		try {
			HttpServer server = HttpServer.create(
					new InetSocketAddress( InetAddress.getByName( "127.0.0.1" ), 0 ),
					0
			);
			FakeGcsServer fake = new FakeGcsServer( server, executor );
			server.createContext( "/", fake::handle );
			server.setExecutor( executor );
			server.start();
			return fake;
		}
		catch (IOException e) {
			executor.shutdownNow();
			throw new IllegalStateException( "Cannot start the fake GCS server", e );
		}
	}

	/**
	 * Returns the base URL of the server, to be used as the client's host.
	 *
	 * @return {@code http://127.0.0.1:PORT}
	 */
	public String endpoint() {
		return endpoint;
	}

	/**
	 * Stops the server immediately; in-flight exchanges are abandoned.
	 */
	@Override
	public void close() {
		server.stop( 0 );
		executor.shutdownNow();
		try {
			executor.awaitTermination( 5, TimeUnit.SECONDS );
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	// ---------------------------------------------------------------------------------------------------
	// Client

	/**
	 * Returns client options pointing at this server: project {@value #PROJECT_ID}, no credentials and
	 * fast retries (10 ms initial delay, 100 ms max delay, 5 attempts, 20 s total timeout). Callers may
	 * change any setting before building.
	 *
	 * @return a fresh builder
	 */
	public StorageOptions.Builder clientOptions() {
		RetrySettings retrySettings = RetrySettings.newBuilder()
				.setInitialRetryDelayDuration( Duration.ofMillis( 10 ) )
				.setRetryDelayMultiplier( 2.0 )
				.setMaxRetryDelayDuration( Duration.ofMillis( 100 ) )
				.setMaxAttempts( 5 )
				.setTotalTimeoutDuration( Duration.ofSeconds( 20 ) )
				.setInitialRpcTimeoutDuration( Duration.ofSeconds( 20 ) )
				.setRpcTimeoutMultiplier( 1.0 )
				.setMaxRpcTimeoutDuration( Duration.ofSeconds( 20 ) )
				.build();
		return StorageOptions.newBuilder()
				.setHost( endpoint() )
				.setProjectId( PROJECT_ID )
				.setCredentials( NoCredentials.getInstance() )
				.setRetrySettings( retrySettings );
	}

	/**
	 * Returns a client built from {@link #clientOptions()}.
	 *
	 * @return a new {@link Storage} client talking to this server
	 */
	public Storage client() {
		return clientOptions().build().getService();
	}

	// ---------------------------------------------------------------------------------------------------
	// State

	/**
	 * Creates an empty bucket; does nothing if it exists already.
	 *
	 * @param bucket the bucket name
	 */
	public void createBucket(String bucket) {
		synchronized ( lock ) {
			buckets.computeIfAbsent( bucket, name -> new BucketState( name, Instant.now() ) );
		}
	}

	/**
	 * Stores an object directly, bypassing the HTTP API, with content type
	 * {@code application/octet-stream}.
	 *
	 * @param bucket an existing bucket
	 * @param name the object name
	 * @param data the content
	 */
	public void putObject(String bucket, String name, byte[] data) {
		synchronized ( lock ) {
			BucketState state = buckets.get( bucket );
			if ( state == null ) {
				throw new IllegalStateException( "No such bucket: " + bucket + "; call createBucket() first" );
			}
			StoredObject object = newObject( bucket, name, data.clone(), new JsonObject(), DEFAULT_CONTENT_TYPE );
			state.objects.put( name, object );
		}
	}

	/**
	 * Returns the names of the objects of a bucket.
	 *
	 * @param bucket the bucket name
	 * @return a sorted snapshot; empty if the bucket does not exist
	 */
	public Set<String> objectNames(String bucket) {
		synchronized ( lock ) {
			BucketState state = buckets.get( bucket );
			return state == null
					? Set.of()
					: Collections.unmodifiableSet( new LinkedHashSet<>( state.objects.keySet() ) );
		}
	}

	/**
	 * Returns the stored content of an object.
	 *
	 * @param bucket the bucket name
	 * @param name the object name
	 * @return a copy of the bytes, or {@code null} if there is no such object
	 */
	public byte[] content(String bucket, String name) {
		StoredObject object = find( bucket, name );
		return object == null ? null : object.data.clone();
	}

	/**
	 * Returns the metadata of an object: {@code contentType}, {@code contentDisposition} (possibly
	 * {@code null}), {@code contentEncoding}, {@code contentLanguage}, {@code cacheControl} (when set),
	 * {@code generation}, {@code metageneration}, {@code size}, the <em>reported</em> {@code md5Hash} and
	 * {@code crc32c}, and each custom metadata entry as {@code metadata.KEY}.
	 *
	 * @param bucket the bucket name
	 * @param name the object name
	 * @return an unmodifiable map, or {@code null} if there is no such object
	 */
	public Map<String, String> metadata(String bucket, String name) {
		StoredObject object = find( bucket, name );
		if ( object == null ) {
			return null;
		}
		Map<String, String> result = new LinkedHashMap<>();
		result.put( "contentType", object.contentType );
		result.put( "contentDisposition", object.contentDisposition );
		putIfNotNull( result, "contentEncoding", object.contentEncoding );
		putIfNotNull( result, "contentLanguage", object.contentLanguage );
		putIfNotNull( result, "cacheControl", object.cacheControl );
		result.put( "generation", Long.toString( object.generation ) );
		result.put( "metageneration", Long.toString( object.metageneration ) );
		result.put( "size", Integer.toString( object.data.length ) );
		result.put( "md5Hash", object.md5Hash );
		result.put( "crc32c", object.crc32c );
		object.userMetadata.forEach( (key, value) -> result.put( "metadata." + key, value ) );
		return Collections.unmodifiableMap( result );
	}

	/**
	 * Chooses whether the preconditions of a resumable upload ({@code ifGenerationMatch} and friends) are
	 * also evaluated when the session is started (default {@code true}); they are always evaluated when
	 * the upload is finalized. A 412 at the start surfaces from {@code Storage.writer(...)} itself, a 412
	 * when finalizing from {@code WriteChannel.close()}. Which of the two real GCS does for a given race
	 * is not modelled precisely; use {@code false} to exercise the finalize-time path.
	 *
	 * @param checked {@code false} to only check when finalizing
	 */
	public void checkResumablePreconditionsAtStart(boolean checked) {
		this.resumablePreconditionsCheckedAtStart = checked;
	}

	// ---------------------------------------------------------------------------------------------------
	// Counting

	/**
	 * Returns how many requests of a kind were received since the start or the last
	 * {@link #resetCounts()}, including requests that were failed, delayed or dropped on purpose.
	 *
	 * @param kind one of the kind constants, e.g. {@link #RESUMABLE_CHUNK}
	 * @return the count
	 */
	public int requestCount(String kind) {
		AtomicInteger count = counts.get( checkKind( kind ) );
		return count == null ? 0 : count.get();
	}

	/**
	 * Returns one line per request, added just before its answer is sent (so it is visible as soon as the
	 * client has the answer), e.g.
	 * {@code DELETE /storage/v1/b/bkt/o/name -> 204}. Batch parts are logged as
	 * {@code batch-part DELETE /storage/v1/b/bkt/o/name -> 404}, before the line of their batch;
	 * injected outcomes end with {@code (injected)}.
	 *
	 * @return a snapshot of the log
	 */
	public List<String> requestLog() {
		synchronized ( log ) {
			return List.copyOf( log );
		}
	}

	/**
	 * Clears the request counts and the request log; queued faults are kept.
	 */
	public void resetCounts() {
		counts.clear();
		log.clear();
	}

	// ---------------------------------------------------------------------------------------------------
	// Faults

	/**
	 * Answers the next {@code times} requests of a kind with {@code status} and a GCS-like JSON error body,
	 * without processing them (a failed resumable chunk is not persisted). For {@link #BATCH_PART} the
	 * failure is the status of the part inside a {@code 200} batch response.
	 *
	 * @param kind the kind of request to fail
	 * @param status the HTTP status to answer
	 * @param times how many consecutive matching requests to fail
	 */
	public void failNext(String kind, int status, int times) {
		for ( int i = 0; i < times; i++ ) {
			addFault( kind, new Fault( FaultType.FAIL, status, Duration.ZERO ) );
		}
	}

	/**
	 * Reads the whole body of the next request of a kind, discards it and closes the connection without
	 * answering. For {@link #BATCH_PART} the whole batch connection is dropped when that part is reached.
	 *
	 * @param kind the kind of request to drop
	 */
	public void dropConnectionNext(String kind) {
		addFault( kind, new Fault( FaultType.DROP_REQUEST, 0, Duration.ZERO ) );
	}

	/**
	 * Processes the next request of a kind normally (e.g. persists a resumable chunk or deletes an
	 * object) but closes the connection instead of sending the response, as when a response is lost.
	 *
	 * @param kind the kind of request whose response is lost
	 */
	public void dropResponseNext(String kind) {
		addFault( kind, new Fault( FaultType.DROP_RESPONSE, 0, Duration.ZERO ) );
	}

	/**
	 * Waits before processing the next request of a kind.
	 *
	 * @param kind the kind of request to delay
	 * @param delay how long to wait
	 */
	public void delayNext(String kind, Duration delay) {
		addFault( kind, new Fault( FaultType.DELAY, 0, delay ) );
	}

	/**
	 * Makes the next completed upload (simple, multipart or finalized resumable) store its bytes
	 * faithfully but report, from then on, the {@code md5Hash} and {@code crc32c} of different bytes.
	 */
	public void corruptNextUpload() {
		synchronized ( lock ) {
			corruptNextUpload = true;
		}
	}

	/**
	 * Forgets all queued faults, including a pending {@link #corruptNextUpload()}.
	 */
	public void clearFaults() {
		synchronized ( lock ) {
			faults.clear();
			corruptNextUpload = false;
		}
	}

	private void addFault(String kind, Fault fault) {
		checkKind( kind );
		synchronized ( lock ) {
			faults.computeIfAbsent( kind, k -> new ArrayDeque<>() ).add( fault );
		}
	}

	private Fault pollFault(String kind) {
		synchronized ( lock ) {
			Deque<Fault> queue = faults.get( kind );
			return queue == null ? null : queue.poll();
		}
	}

	private static String checkKind(String kind) {
		if ( !KINDS.contains( kind ) ) {
			throw new IllegalArgumentException( "Unknown request kind '" + kind + "', expected one of " + KINDS );
		}
		return kind;
	}

	// ---------------------------------------------------------------------------------------------------
	// HTTP plumbing

	private void handle(HttpExchange exchange) {
		String summary = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
		try {
			Request request = Request.read( exchange );
			String kind = classify( request );
			if ( LOG.isLoggable( Level.FINE ) ) {
				LOG.fine( kind + ": " + request.describe() );
			}
			counts.computeIfAbsent( kind, k -> new AtomicInteger() ).incrementAndGet();
			Fault fault = pollFault( kind );
			if ( fault != null && fault.type == FaultType.DELAY ) {
				sleep( fault.delay );
				fault = null;
			}
			if ( fault != null && fault.type == FaultType.DROP_REQUEST ) {
				log.add( summary + " -> dropped (injected)" );
				return;
			}
			Response response;
			String suffix = "";
			if ( fault != null && fault.type == FaultType.FAIL ) {
				response = error( fault.status, "Injected failure for a '" + kind + "' request" );
				suffix = " (injected)";
			}
			else {
				response = dispatch( kind, request );
			}
			if ( fault != null && fault.type == FaultType.DROP_RESPONSE ) {
				log.add( summary + " -> " + response.status + " dropped (injected)" );
				return;
			}
			// log first: the client may act on the response before this thread resumes
			log.add( summary + " -> " + response.status + suffix );
			send( exchange, response );
		}
		catch (DroppedConnection e) {
			log.add( summary + " -> dropped (injected " + e.getMessage() + ")" );
		}
		catch (BadRequest e) {
			log.add( summary + " -> 400" );
			try {
				send( exchange, error( 400, e.getMessage() ) );
			}
			catch (IOException | RuntimeException ignored) {
				// nothing more to do
			}
		}
		catch (IOException e) {
			// the client went away; nothing to answer
			log.add( summary + " -> I/O error: " + e );
		}
		catch (RuntimeException | Error e) {
			LOG.log( Level.WARNING, "Fake GCS server failed on " + summary, e );
			log.add( summary + " -> 500 (fake failure)" );
			try {
				send( exchange, error( 500, "Fake GCS server failure: " + e ) );
			}
			catch (IOException | RuntimeException ignored) {
				// nothing more to do
			}
		}
		finally {
			// closing an exchange whose headers were not sent closes the connection: that is the "drop"
			exchange.close();
		}
	}

	private static void send(HttpExchange exchange, Response response) throws IOException {
		response.headers.forEach( (name, value) -> exchange.getResponseHeaders().add( name, value ) );
		boolean empty = response.body.length == 0;
		exchange.sendResponseHeaders( response.status, empty ? -1 : response.body.length );
		if ( !empty ) {
			try ( OutputStream out = exchange.getResponseBody() ) {
				// in slices: the JDK server wraps a single write in one buffer, which overflows near 1 GiB
				for ( int from = 0; from < response.body.length; from += 1 << 20 ) {
					out.write( response.body, from, Math.min( 1 << 20, response.body.length - from ) );
				}
			}
		}
	}

	private static void sleep(Duration delay) {
		try {
			Thread.sleep( delay.toMillis() );
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static String classify(Request request) {
		List<String> s = request.segments;
		String method = request.method;
		if ( startsWith( s, "storage", "v1", "b" ) ) {
			if ( s.size() == 3 && method.equals( "POST" ) ) {
				return BUCKET_INSERT;
			}
			if ( s.size() == 4 && method.equals( "GET" ) ) {
				return BUCKET_GET;
			}
			if ( s.size() == 5 && s.get( 4 ).equals( "o" ) && method.equals( "GET" ) ) {
				return LIST;
			}
			if ( s.size() >= 6 && s.get( 4 ).equals( "o" ) ) {
				if ( method.equals( "GET" ) ) {
					return "media".equals( request.query.get( "alt" ) ) ? MEDIA : GET;
				}
				if ( method.equals( "DELETE" ) ) {
					return DELETE;
				}
			}
		}
		else if ( startsWith( s, "download", "storage", "v1", "b" ) ) {
			if ( s.size() >= 7 && s.get( 5 ).equals( "o" ) && method.equals( "GET" ) ) {
				return MEDIA;
			}
		}
		else if ( startsWith( s, "upload", "storage", "v1", "b" ) ) {
			if ( s.size() == 6 && s.get( 5 ).equals( "o" ) ) {
				String uploadType = request.query.get( "uploadType" );
				if ( method.equals( "POST" ) && "resumable".equals( uploadType ) ) {
					return RESUMABLE_START;
				}
				if ( method.equals( "POST" ) && ( "multipart".equals( uploadType ) || "media".equals( uploadType ) ) ) {
					return INSERT;
				}
				if ( method.equals( "PUT" ) && request.query.containsKey( "upload_id" ) ) {
					return RESUMABLE_CHUNK;
				}
			}
		}
		else if ( s.equals( List.of( "batch", "storage", "v1" ) ) && method.equals( "POST" ) ) {
			return BATCH;
		}
		return UNKNOWN;
	}

	private static boolean startsWith(List<String> segments, String... prefix) {
		return segments.size() >= prefix.length && segments.subList( 0, prefix.length ).equals( List.of( prefix ) );
	}

	private Response dispatch(String kind, Request request) {
		try {
			switch ( kind ) {
				case BUCKET_GET:
					return getBucket( request.segments.get( 3 ) );
				case BUCKET_INSERT:
					return insertBucket( request );
				case INSERT:
					return insertObject( request );
				case RESUMABLE_START:
					return startResumable( request );
				case RESUMABLE_CHUNK:
					return putResumable( request );
				case GET:
					return getObject( request );
				case MEDIA:
					return download( request );
				case DELETE:
					return deleteObject( request );
				case LIST:
					return list( request );
				case BATCH:
					return batch( request );
				default:
					return unsupported( request );
			}
		}
		catch (BadRequest e) {
			return error( 400, e.getMessage() );
		}
	}

	private Response unsupported(Request request) {
		String line = request.method + " " + request.rawPath
				+ ( request.rawQuery == null ? "" : "?" + request.rawQuery );
		LOG.warning( "Fake GCS server does not support " + line );
		return error( 501, "The fake GCS server does not support " + line );
	}

	// ---------------------------------------------------------------------------------------------------
	// Buckets

	private Response getBucket(String bucket) {
		synchronized ( lock ) {
			BucketState state = buckets.get( bucket );
			if ( state == null ) {
				return noSuchBucket( bucket );
			}
			return json( 200, bucketJson( state ) );
		}
	}

	private Response insertBucket(Request request) {
		JsonObject body = request.jsonBody();
		String name = string( body, "name" );
		if ( name == null || name.isEmpty() ) {
			return error( 400, "Bucket name is required" );
		}
		synchronized ( lock ) {
			if ( buckets.containsKey( name ) ) {
				return error( 409, "Your previous request to create the named bucket succeeded and you already own it." );
			}
			BucketState state = new BucketState( name, Instant.now() );
			buckets.put( name, state );
			return json( 200, bucketJson( state ) );
		}
	}

	private JsonObject bucketJson(BucketState state) {
		JsonObject json = new JsonObject();
		json.addProperty( "kind", "storage#bucket" );
		json.addProperty( "selfLink", endpoint + "/storage/v1/b/" + encode( state.name ) );
		json.addProperty( "id", state.name );
		json.addProperty( "name", state.name );
		json.addProperty( "projectNumber", "123456789012" );
		json.addProperty( "metageneration", "1" );
		json.addProperty( "location", "US" );
		json.addProperty( "storageClass", "STANDARD" );
		json.addProperty( "etag", "CAE=" );
		json.addProperty( "timeCreated", RFC_3339.format( state.created ) );
		json.addProperty( "updated", RFC_3339.format( state.created ) );
		json.addProperty( "locationType", "multi-region" );
		return json;
	}

	// ---------------------------------------------------------------------------------------------------
	// Object reads and deletes

	private Response getObject(Request request) {
		String bucket = request.segments.get( 3 );
		String name = request.objectName( 5 );
		synchronized ( lock ) {
			Object found = lookup( bucket, name, request.query );
			if ( found instanceof Response ) {
				return (Response) found;
			}
			return json( 200, objectJson( (StoredObject) found ) );
		}
	}

	private Response download(Request request) {
		boolean downloadPath = request.segments.get( 0 ).equals( "download" );
		String bucket = request.segments.get( downloadPath ? 4 : 3 );
		String name = request.objectName( downloadPath ? 6 : 5 );
		StoredObject object;
		synchronized ( lock ) {
			Object found = lookup( bucket, name, request.query );
			if ( found instanceof Response ) {
				return (Response) found;
			}
			object = (StoredObject) found;
		}
		long size = object.data.length;
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put( "Content-Type", object.contentType );
		if ( object.contentDisposition != null ) {
			headers.put( "Content-Disposition", object.contentDisposition );
		}
		headers.put( "ETag", object.etag() );
		headers.put( "x-goog-generation", Long.toString( object.generation ) );
		headers.put( "x-goog-metageneration", Long.toString( object.metageneration ) );
		headers.put( "x-goog-stored-content-length", Long.toString( size ) );
		headers.put( "x-goog-stored-content-encoding", "identity" );
		headers.put( "x-goog-storage-class", "STANDARD" );
		headers.put( "x-goog-hash", "crc32c=" + object.crc32c + ",md5=" + object.md5Hash );
		headers.put( "Accept-Ranges", "bytes" );

		String range = request.header( "range" );
		if ( range == null || size == 0 ) {
			return new Response( 200, headers, object.data );
		}
		long[] span = parseRange( range, size );
		if ( span == null ) {
			Response response = error( 416, "The requested range cannot be satisfied." );
			response.headers.put( "Content-Range", "bytes */" + size );
			return response;
		}
		headers.put( "Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + size );
		byte[] slice = Arrays.copyOfRange( object.data, (int) span[0], (int) span[1] + 1 );
		return new Response( 206, headers, slice );
	}

	/**
	 * @return {@code {first, last}} (inclusive) or {@code null} when unsatisfiable
	 */
	private static long[] parseRange(String header, long size) {
		String value = header.trim();
		if ( !value.startsWith( "bytes=" ) || value.contains( "," ) ) {
			throw new BadRequest( "Unsupported Range header: " + header );
		}
		String spec = value.substring( "bytes=".length() ).trim();
		int dash = spec.indexOf( '-' );
		if ( dash < 0 ) {
			throw new BadRequest( "Malformed Range header: " + header );
		}
		try {
			String from = spec.substring( 0, dash ).trim();
			String to = spec.substring( dash + 1 ).trim();
			if ( from.isEmpty() ) {
				long suffix = Long.parseLong( to );
				if ( suffix == 0 ) {
					return null;
				}
				return new long[] { Math.max( 0, size - suffix ), size - 1 };
			}
			long first = Long.parseLong( from );
			long last = to.isEmpty() ? size - 1 : Math.min( Long.parseLong( to ), size - 1 );
			if ( first >= size || last < first ) {
				return null;
			}
			return new long[] { first, last };
		}
		catch (NumberFormatException e) {
			throw new BadRequest( "Malformed Range header: " + header );
		}
	}

	private Response deleteObject(Request request) {
		String bucket = request.segments.get( 3 );
		String name = request.objectName( 5 );
		synchronized ( lock ) {
			Object found = lookup( bucket, name, request.query );
			if ( found instanceof Response ) {
				return (Response) found;
			}
			buckets.get( bucket ).objects.remove( name );
			return new Response( 204, new LinkedHashMap<>(), new byte[0] );
		}
	}

	/**
	 * Must be called with {@link #lock} held.
	 *
	 * @return the {@link StoredObject}, or an error {@link Response}
	 */
	private Object lookup(String bucket, String name, Map<String, String> query) {
		BucketState state = buckets.get( bucket );
		if ( state == null ) {
			return noSuchBucket( bucket );
		}
		StoredObject object = state.objects.get( name );
		String generation = query.get( "generation" );
		if ( object == null || generation != null && !generation.equals( Long.toString( object.generation ) ) ) {
			return error( 404, "No such object: " + bucket + "/" + name );
		}
		Response failed = checkPreconditions( object, query );
		return failed != null ? failed : object;
	}

	private StoredObject find(String bucket, String name) {
		synchronized ( lock ) {
			BucketState state = buckets.get( bucket );
			return state == null ? null : state.objects.get( name );
		}
	}

	private static Response checkPreconditions(StoredObject current, Map<String, String> query) {
		long generation = current == null ? 0 : current.generation;
		String value = query.get( "ifGenerationMatch" );
		if ( value != null && parseLong( value ) != generation ) {
			return preconditionFailed();
		}
		value = query.get( "ifGenerationNotMatch" );
		if ( value != null && parseLong( value ) == generation ) {
			return preconditionFailed();
		}
		value = query.get( "ifMetagenerationMatch" );
		if ( value != null && ( current == null || parseLong( value ) != current.metageneration ) ) {
			return preconditionFailed();
		}
		value = query.get( "ifMetagenerationNotMatch" );
		if ( value != null && current != null && parseLong( value ) == current.metageneration ) {
			return preconditionFailed();
		}
		return null;
	}

	private static Response preconditionFailed() {
		return error( 412, "At least one of the pre-conditions you specified did not hold." );
	}

	private static long parseLong(String value) {
		try {
			return Long.parseLong( value );
		}
		catch (NumberFormatException e) {
			throw new BadRequest( "Invalid number: " + value );
		}
	}

	// ---------------------------------------------------------------------------------------------------
	// Listing

	private Response list(Request request) {
		String bucket = request.segments.get( 3 );
		if ( request.query.containsKey( "matchGlob" ) ) {
			return unsupported( request );
		}
		String prefix = request.query.getOrDefault( "prefix", "" );
		String delimiter = request.query.get( "delimiter" );
		String startOffset = request.query.get( "startOffset" );
		String endOffset = request.query.get( "endOffset" );
		String pageToken = request.query.get( "pageToken" );
		int maxResults = request.query.containsKey( "maxResults" )
				? (int) Math.max( 1, Math.min( 1000, parseLong( request.query.get( "maxResults" ) ) ) )
				: 1000;
		String after = null;
		if ( pageToken != null && !pageToken.isEmpty() ) {
			try {
				after = new String( Base64.getUrlDecoder().decode( pageToken ), StandardCharsets.UTF_8 );
			}
			catch (IllegalArgumentException e) {
				return error( 400, "Invalid page token" );
			}
		}

		// key -> object, or null for a prefix ("directory") entry
		TreeMap<String, StoredObject> entries = new TreeMap<>();
		synchronized ( lock ) {
			BucketState state = buckets.get( bucket );
			if ( state == null ) {
				return noSuchBucket( bucket );
			}
			for ( StoredObject object : state.objects.tailMap( prefix, true ).values() ) {
				if ( !object.name.startsWith( prefix ) ) {
					break;
				}
				if ( startOffset != null && object.name.compareTo( startOffset ) < 0
						|| endOffset != null && object.name.compareTo( endOffset ) >= 0 ) {
					continue;
				}
				int index = delimiter == null || delimiter.isEmpty()
						? -1
						: object.name.indexOf( delimiter, prefix.length() );
				if ( index >= 0 ) {
					entries.put( object.name.substring( 0, index + delimiter.length() ), null );
				}
				else {
					entries.put( object.name, object );
				}
			}
		}

		Map<String, StoredObject> page = after == null ? entries : entries.tailMap( after, false );
		JsonArray items = new JsonArray();
		JsonArray prefixes = new JsonArray();
		String last = null;
		int taken = 0;
		boolean more = false;
		for ( Map.Entry<String, StoredObject> entry : page.entrySet() ) {
			if ( taken == maxResults ) {
				more = true;
				break;
			}
			if ( entry.getValue() == null ) {
				prefixes.add( entry.getKey() );
			}
			else {
				items.add( objectJson( entry.getValue() ) );
			}
			last = entry.getKey();
			taken++;
		}
		JsonObject json = new JsonObject();
		json.addProperty( "kind", "storage#objects" );
		if ( more ) {
			json.addProperty(
					"nextPageToken",
					Base64.getUrlEncoder().withoutPadding().encodeToString( last.getBytes( StandardCharsets.UTF_8 ) )
			);
		}
		if ( !prefixes.isEmpty() ) {
			json.add( "prefixes", prefixes );
		}
		if ( !items.isEmpty() ) {
			json.add( "items", items );
		}
		return json( 200, json );
	}

	// ---------------------------------------------------------------------------------------------------
	// Uploads

	private Response insertObject(Request request) {
		String bucket = request.segments.get( 4 );
		String uploadType = request.query.get( "uploadType" );
		JsonObject metadata;
		byte[] data;
		String mediaType;
		if ( "multipart".equals( uploadType ) ) {
			List<Part> parts = Part.parseMultipart( request.body, request.header( "content-type" ) );
			if ( parts.size() != 2 ) {
				return error( 400, "A multipart upload needs exactly 2 parts, got " + parts.size() );
			}
			metadata = parseJson( parts.get( 0 ).body );
			data = parts.get( 1 ).body;
			mediaType = parts.get( 1 ).headers.get( "content-type" );
		}
		else {
			metadata = new JsonObject();
			data = request.body;
			mediaType = request.header( "content-type" );
		}
		String name = request.query.containsKey( "name" ) ? request.query.get( "name" ) : string( metadata, "name" );
		if ( name == null || name.isEmpty() ) {
			return error( 400, "Required object name is missing" );
		}
		Response mismatch = checkClientHashes( metadata, data );
		if ( mismatch != null ) {
			return mismatch;
		}
		Object stored = store( bucket, name, data, metadata, mediaType, request.query );
		if ( stored instanceof Response ) {
			return (Response) stored;
		}
		return json( 200, objectJson( (StoredObject) stored ) );
	}

	private Response startResumable(Request request) {
		String bucket = request.segments.get( 4 );
		JsonObject metadata = request.body.length == 0 ? new JsonObject() : request.jsonBody();
		String name = request.query.containsKey( "name" ) ? request.query.get( "name" ) : string( metadata, "name" );
		if ( name == null || name.isEmpty() ) {
			return error( 400, "Required object name is missing" );
		}
		String id = UUID.randomUUID().toString().replace( "-", "" );
		synchronized ( lock ) {
			BucketState state = buckets.get( bucket );
			if ( state == null ) {
				return noSuchBucket( bucket );
			}
			if ( resumablePreconditionsCheckedAtStart ) {
				Response failed = checkPreconditions( state.objects.get( name ), request.query );
				if ( failed != null ) {
					return failed;
				}
			}
			uploads.put( id, new ResumableUpload( bucket, name, metadata, request.header( "x-upload-content-type" ),
					new HashMap<>( request.query ) ) );
		}
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put( "Location", endpoint + "/upload/storage/v1/b/" + encode( bucket )
				+ "/o?uploadType=resumable&name=" + encode( name ) + "&upload_id=" + id );
		headers.put( "X-GUploader-UploadID", id );
		return new Response( 200, headers, new byte[0] );
	}

	private Response putResumable(Request request) {
		String id = request.query.get( "upload_id" );
		ResumableUpload upload;
		synchronized ( lock ) {
			upload = uploads.get( id );
		}
		if ( upload == null ) {
			return error( 404, "No such upload session: " + id );
		}
		synchronized ( upload ) {
			if ( upload.result != null ) {
				return json( 200, objectJson( upload.result ) );
			}
			ContentRange range = ContentRange.parse( request.header( "content-range" ), request.body.length );
			long persisted = upload.data.size();
			if ( range.first >= 0 ) {
				if ( range.first > persisted ) {
					return error( 400, "Invalid request. According to the Content-Range header, the upload offset is "
							+ range.first + " byte(s), which exceeds already uploaded size of " + persisted + " byte(s)." );
				}
				int skip = (int) ( persisted - range.first );
				if ( skip < request.body.length ) {
					upload.data.write( request.body, skip, request.body.length - skip );
				}
			}
			long size = upload.data.size();
			if ( range.total >= 0 ) {
				if ( size > range.total ) {
					return error( 400, "Upload session holds " + size + " bytes, more than the declared total "
							+ range.total );
				}
				if ( size == range.total ) {
					return finish( upload, request );
				}
			}
			Map<String, String> headers = new LinkedHashMap<>();
			if ( size > 0 ) {
				headers.put( "Range", "bytes=0-" + ( size - 1 ) );
			}
			headers.put( "x-guploader-uploadid", id );
			return new Response( 308, headers, new byte[0] );
		}
	}

	/**
	 * Must be called with the upload's monitor held.
	 */
	private Response finish(ResumableUpload upload, Request request) {
		byte[] data = upload.data.toByteArray();
		Response mismatch = checkHashHeader( request.header( "x-goog-hash" ), data );
		if ( mismatch != null ) {
			return mismatch;
		}
		Object stored = store( upload.bucket, upload.name, data, upload.metadata, upload.contentType, upload.query );
		if ( stored instanceof Response ) {
			return (Response) stored;
		}
		upload.result = (StoredObject) stored;
		return json( 200, objectJson( upload.result ) );
	}

	/**
	 * @return the new {@link StoredObject}, or an error {@link Response}
	 */
	private Object store(
			String bucket,
			String name,
			byte[] data,
			JsonObject metadata,
			String mediaType,
			Map<String, String> query) {
		synchronized ( lock ) {
			BucketState state = buckets.get( bucket );
			if ( state == null ) {
				return noSuchBucket( bucket );
			}
			Response failed = checkPreconditions( state.objects.get( name ), query );
			if ( failed != null ) {
				return failed;
			}
			StoredObject object = newObject( bucket, name, data, metadata, mediaType );
			if ( corruptNextUpload ) {
				corruptNextUpload = false;
				byte[] other = Arrays.copyOf( data, data.length + 1 );
				other[data.length] = 42;
				object = object.withReportedHashes( md5( other ), crc32c( other ) );
			}
			state.objects.put( name, object );
			return object;
		}
	}

	private StoredObject newObject(String bucket, String name, byte[] data, JsonObject metadata, String mediaType) {
		String contentType = string( metadata, "contentType" );
		if ( contentType == null ) {
			contentType = mediaType == null || mediaType.isEmpty() ? DEFAULT_CONTENT_TYPE : mediaType;
		}
		Map<String, String> userMetadata = new TreeMap<>();
		if ( metadata.has( "metadata" ) && metadata.get( "metadata" ).isJsonObject() ) {
			for ( Map.Entry<String, JsonElement> entry : metadata.getAsJsonObject( "metadata" ).entrySet() ) {
				if ( !entry.getValue().isJsonNull() ) {
					userMetadata.put( entry.getKey(), entry.getValue().getAsString() );
				}
			}
		}
		return new StoredObject(
				bucket,
				name,
				data,
				nextGeneration(),
				1,
				contentType,
				string( metadata, "contentDisposition" ),
				string( metadata, "contentEncoding" ),
				string( metadata, "contentLanguage" ),
				string( metadata, "cacheControl" ),
				Collections.unmodifiableMap( userMetadata ),
				Instant.now(),
				md5( data ),
				crc32c( data )
		);
	}

	private long nextGeneration() {
		long now = System.currentTimeMillis() * 1000;
		return lastGeneration.updateAndGet( last -> Math.max( last + 1, now ) );
	}

	private static Response checkClientHashes(JsonObject metadata, byte[] data) {
		String md5 = string( metadata, "md5Hash" );
		if ( md5 != null && !md5.equals( md5( data ) ) ) {
			return error( 400, "Provided MD5 hash \"" + md5 + "\" doesn't match calculated MD5 hash \""
					+ md5( data ) + "\"." );
		}
		String crc32c = string( metadata, "crc32c" );
		if ( crc32c != null && !crc32c.equals( crc32c( data ) ) ) {
			return error( 400, "Provided CRC32C \"" + crc32c + "\" doesn't match calculated CRC32C \""
					+ crc32c( data ) + "\"." );
		}
		return null;
	}

	private static Response checkHashHeader(String header, byte[] data) {
		if ( header == null ) {
			return null;
		}
		JsonObject hashes = new JsonObject();
		for ( String item : header.split( "," ) ) {
			int equals = item.indexOf( '=' );
			if ( equals > 0 ) {
				String key = item.substring( 0, equals ).trim();
				String value = item.substring( equals + 1 ).trim();
				if ( key.equals( "crc32c" ) ) {
					hashes.addProperty( "crc32c", value );
				}
				else if ( key.equals( "md5" ) ) {
					hashes.addProperty( "md5Hash", value );
				}
			}
		}
		return checkClientHashes( hashes, data );
	}

	// ---------------------------------------------------------------------------------------------------
	// Batch

	private Response batch(Request request) {
		List<Part> parts = Part.parseMultipart( request.body, request.header( "content-type" ) );
		if ( parts.isEmpty() ) {
			return error( 400, "A batch request needs at least one part" );
		}
		if ( parts.size() > MAX_BATCH_PARTS ) {
			return error( 400, "Too many requests in batch: " + parts.size() + " > " + MAX_BATCH_PARTS );
		}
		String boundary = "batch_" + UUID.randomUUID().toString().replace( "-", "" );
		StringBuilder out = new StringBuilder();
		for ( Part part : parts ) {
			String contentId = part.headers.getOrDefault( "content-id", "" ).replace( "<", "" ).replace( ">", "" );
			Response response = batchPart( part );
			out.append( "--" ).append( boundary ).append( "\r\n" )
					.append( "Content-Type: application/http\r\n" )
					.append( "Content-ID: <response-" ).append( contentId ).append( ">\r\n" )
					.append( "\r\n" )
					.append( "HTTP/1.1 " ).append( response.status ).append( ' ' )
					.append( reason( response.status ) ).append( "\r\n" );
			response.headers.forEach( (name, value) -> out.append( name ).append( ": " ).append( value ).append( "\r\n" ) );
			out.append( "Content-Length: " ).append( response.body.length ).append( "\r\n" )
					.append( "\r\n" )
					.append( new String( response.body, StandardCharsets.ISO_8859_1 ) )
					.append( "\r\n" );
		}
		out.append( "--" ).append( boundary ).append( "--\r\n" );
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put( "Content-Type", "multipart/mixed; boundary=" + boundary );
		return new Response( 200, headers, out.toString().getBytes( StandardCharsets.ISO_8859_1 ) );
	}

	private Response batchPart(Part part) {
		counts.computeIfAbsent( BATCH_PART, k -> new AtomicInteger() ).incrementAndGet();
		Request inner;
		try {
			inner = Request.parseEmbedded( part.body );
		}
		catch (BadRequest e) {
			log.add( "batch-part ? -> 400" );
			return error( 400, e.getMessage() );
		}
		String summary = "batch-part " + inner.method + " " + inner.rawPath;
		if ( LOG.isLoggable( Level.FINE ) ) {
			LOG.fine( BATCH_PART + ": " + inner.describe() );
		}
		Fault fault = pollFault( BATCH_PART );
		if ( fault != null && fault.type == FaultType.DELAY ) {
			sleep( fault.delay );
			fault = null;
		}
		if ( fault != null && fault.type != FaultType.FAIL ) {
			throw new DroppedConnection( summary );
		}
		Response response;
		String suffix = "";
		if ( fault != null ) {
			response = error( fault.status, "Injected failure for a 'batch-part' request" );
			suffix = " (injected)";
		}
		else {
			String kind = classify( inner );
			if ( kind.equals( GET ) || kind.equals( DELETE ) || kind.equals( BUCKET_GET ) || kind.equals( LIST ) ) {
				response = dispatch( kind, inner );
			}
			else if ( kind.equals( UNKNOWN ) ) {
				response = unsupported( inner );
			}
			else {
				response = error( 400, "Request of kind '" + kind + "' is not allowed in a batch" );
			}
		}
		log.add( summary + " -> " + response.status + suffix );
		return response;
	}

	// ---------------------------------------------------------------------------------------------------
	// JSON

	private JsonObject objectJson(StoredObject object) {
		JsonObject json = new JsonObject();
		json.addProperty( "kind", "storage#object" );
		json.addProperty( "id", object.bucket + "/" + object.name + "/" + object.generation );
		json.addProperty( "selfLink", endpoint + "/storage/v1/b/" + encode( object.bucket ) + "/o/" + encode( object.name ) );
		json.addProperty( "mediaLink", endpoint + "/download/storage/v1/b/" + encode( object.bucket ) + "/o/"
				+ encode( object.name ) + "?generation=" + object.generation + "&alt=media" );
		json.addProperty( "name", object.name );
		json.addProperty( "bucket", object.bucket );
		json.addProperty( "generation", Long.toString( object.generation ) );
		json.addProperty( "metageneration", Long.toString( object.metageneration ) );
		json.addProperty( "contentType", object.contentType );
		if ( object.contentDisposition != null ) {
			json.addProperty( "contentDisposition", object.contentDisposition );
		}
		if ( object.contentEncoding != null ) {
			json.addProperty( "contentEncoding", object.contentEncoding );
		}
		if ( object.contentLanguage != null ) {
			json.addProperty( "contentLanguage", object.contentLanguage );
		}
		if ( object.cacheControl != null ) {
			json.addProperty( "cacheControl", object.cacheControl );
		}
		json.addProperty( "storageClass", "STANDARD" );
		json.addProperty( "size", Integer.toString( object.data.length ) );
		json.addProperty( "md5Hash", object.md5Hash );
		json.addProperty( "crc32c", object.crc32c );
		json.addProperty( "etag", object.etag() );
		String created = RFC_3339.format( object.created );
		json.addProperty( "timeCreated", created );
		json.addProperty( "updated", created );
		json.addProperty( "timeStorageClassUpdated", created );
		if ( !object.userMetadata.isEmpty() ) {
			JsonObject userMetadata = new JsonObject();
			object.userMetadata.forEach( userMetadata::addProperty );
			json.add( "metadata", userMetadata );
		}
		return json;
	}

	private Response json(int status, JsonElement json) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put( "Content-Type", JSON_TYPE );
		return new Response( status, headers, gson.toJson( json ).getBytes( StandardCharsets.UTF_8 ) );
	}

	private static Response noSuchBucket(String bucket) {
		return error( 404, "The specified bucket does not exist: " + bucket );
	}

	private static Response error(int status, String message) {
		JsonObject detail = new JsonObject();
		detail.addProperty( "domain", "global" );
		detail.addProperty( "reason", errorReason( status ) );
		detail.addProperty( "message", message );
		JsonArray errors = new JsonArray();
		errors.add( detail );
		JsonObject error = new JsonObject();
		error.addProperty( "code", status );
		error.addProperty( "message", message );
		error.add( "errors", errors );
		JsonObject root = new JsonObject();
		root.add( "error", error );
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put( "Content-Type", JSON_TYPE );
		return new Response( status, headers, root.toString().getBytes( StandardCharsets.UTF_8 ) );
	}

	private static String errorReason(int status) {
		switch ( status ) {
			case 400:
				return "invalid";
			case 401:
				return "required";
			case 403:
				return "forbidden";
			case 404:
				return "notFound";
			case 409:
				return "conflict";
			case 412:
				return "conditionNotMet";
			case 416:
				return "requestedRangeNotSatisfiable";
			case 429:
				return "rateLimitExceeded";
			case 501:
				return "notImplemented";
			default:
				return status >= 500 ? "backendError" : "invalid";
		}
	}

	private static String reason(int status) {
		switch ( status ) {
			case 200:
				return "OK";
			case 204:
				return "No Content";
			case 206:
				return "Partial Content";
			case 308:
				return "Resume Incomplete";
			case 400:
				return "Bad Request";
			case 401:
				return "Unauthorized";
			case 403:
				return "Forbidden";
			case 404:
				return "Not Found";
			case 409:
				return "Conflict";
			case 412:
				return "Precondition Failed";
			case 416:
				return "Requested Range Not Satisfiable";
			case 429:
				return "Too Many Requests";
			case 500:
				return "Internal Server Error";
			case 501:
				return "Not Implemented";
			case 502:
				return "Bad Gateway";
			case 503:
				return "Service Unavailable";
			case 504:
				return "Gateway Timeout";
			default:
				return "Status " + status;
		}
	}

	private static JsonObject parseJson(byte[] body) {
		try {
			JsonElement element = JsonParser.parseString( new String( body, StandardCharsets.UTF_8 ) );
			if ( !element.isJsonObject() ) {
				throw new BadRequest( "Expected a JSON object" );
			}
			return element.getAsJsonObject();
		}
		catch (JsonParseException e) {
			throw new BadRequest( "Invalid JSON: " + e.getMessage() );
		}
	}

	private static String string(JsonObject json, String member) {
		JsonElement element = json.get( member );
		return element == null || element.isJsonNull() ? null : element.getAsString();
	}

	private static void putIfNotNull(Map<String, String> map, String key, String value) {
		if ( value != null ) {
			map.put( key, value );
		}
	}

	// ---------------------------------------------------------------------------------------------------
	// Encoding helpers

	private static String md5(byte[] data) {
		try {
			return Base64.getEncoder().encodeToString( MessageDigest.getInstance( "MD5" ).digest( data ) );
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException( e );
		}
	}

	private static String crc32c(byte[] data) {
		CRC32C crc = new CRC32C();
		crc.update( data );
		byte[] bigEndian = ByteBuffer.allocate( 4 ).putInt( (int) crc.getValue() ).array();
		return Base64.getEncoder().encodeToString( bigEndian );
	}

	private static String encode(String value) {
		return URLEncoder.encode( value, StandardCharsets.UTF_8 ).replace( "+", "%20" );
	}

	/**
	 * Percent-decoding without the form-encoding rule that turns {@code +} into a space.
	 */
	private static String decode(String value) {
		if ( value.indexOf( '%' ) < 0 ) {
			return value;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream( value.length() );
		for ( int i = 0; i < value.length(); i++ ) {
			char c = value.charAt( i );
			if ( c == '%' && i + 2 < value.length() && isHex( value.charAt( i + 1 ) ) && isHex( value.charAt( i + 2 ) ) ) {
				bytes.write( Integer.parseInt( value.substring( i + 1, i + 3 ), 16 ) );
				i += 2;
			}
			else {
				byte[] encoded = String.valueOf( c ).getBytes( StandardCharsets.UTF_8 );
				bytes.write( encoded, 0, encoded.length );
			}
		}
		return bytes.toString( StandardCharsets.UTF_8 );
	}

	private static boolean isHex(char c) {
		return Character.digit( c, 16 ) >= 0;
	}

	// ---------------------------------------------------------------------------------------------------
	// Internal types

	private enum FaultType {
		FAIL, DROP_REQUEST, DROP_RESPONSE, DELAY
	}

	private static final class Fault {
		final FaultType type;
		final int status;
		final Duration delay;

		Fault(FaultType type, int status, Duration delay) {
			this.type = type;
			this.status = status;
			this.delay = delay;
		}
	}

	private static final class BadRequest extends RuntimeException {
		BadRequest(String message) {
			super( message, null, false, false );
		}
	}

	private static final class DroppedConnection extends RuntimeException {
		DroppedConnection(String message) {
			super( message, null, false, false );
		}
	}

	private static final class BucketState {
		final String name;
		final Instant created;
		final TreeMap<String, StoredObject> objects = new TreeMap<>();

		BucketState(String name, Instant created) {
			this.name = name;
			this.created = created;
		}
	}

	private static final class StoredObject {
		final String bucket;
		final String name;
		final byte[] data;
		final long generation;
		final long metageneration;
		final String contentType;
		final String contentDisposition;
		final String contentEncoding;
		final String contentLanguage;
		final String cacheControl;
		final Map<String, String> userMetadata;
		final Instant created;
		final String md5Hash;
		final String crc32c;

		StoredObject(
				String bucket,
				String name,
				byte[] data,
				long generation,
				long metageneration,
				String contentType,
				String contentDisposition,
				String contentEncoding,
				String contentLanguage,
				String cacheControl,
				Map<String, String> userMetadata,
				Instant created,
				String md5Hash,
				String crc32c) {
			this.bucket = bucket;
			this.name = name;
			this.data = data;
			this.generation = generation;
			this.metageneration = metageneration;
			this.contentType = contentType;
			this.contentDisposition = contentDisposition;
			this.contentEncoding = contentEncoding;
			this.contentLanguage = contentLanguage;
			this.cacheControl = cacheControl;
			this.userMetadata = userMetadata;
			this.created = created;
			this.md5Hash = md5Hash;
			this.crc32c = crc32c;
		}

		StoredObject withReportedHashes(String md5Hash, String crc32c) {
			return new StoredObject( bucket, name, data, generation, metageneration, contentType, contentDisposition,
					contentEncoding, contentLanguage, cacheControl, userMetadata, created, md5Hash, crc32c );
		}

		String etag() {
			return Base64.getEncoder().withoutPadding().encodeToString(
					( generation + "/" + metageneration ).getBytes( StandardCharsets.US_ASCII ) );
		}
	}

	private static final class ResumableUpload {
		final String bucket;
		final String name;
		final JsonObject metadata;
		final String contentType;
		final Map<String, String> query;
		final ByteArrayOutputStream data = new ByteArrayOutputStream();
		StoredObject result;

		ResumableUpload(String bucket, String name, JsonObject metadata, String contentType, Map<String, String> query) {
			this.bucket = bucket;
			this.name = name;
			this.metadata = metadata;
			this.contentType = contentType;
			this.query = query;
		}
	}

	/**
	 * A parsed {@code Content-Range} of a resumable PUT; {@code -1} stands for {@code *}.
	 */
	private static final class ContentRange {
		final long first;
		final long last;
		final long total;

		private ContentRange(long first, long last, long total) {
			this.first = first;
			this.last = last;
			this.total = total;
		}

		static ContentRange parse(String header, int bodyLength) {
			if ( header == null ) {
				if ( bodyLength == 0 ) {
					return new ContentRange( -1, -1, -1 );
				}
				return new ContentRange( 0, bodyLength - 1L, bodyLength );
			}
			String value = header.trim();
			if ( !value.startsWith( "bytes " ) ) {
				throw new BadRequest( "Malformed Content-Range: " + header );
			}
			String spec = value.substring( "bytes ".length() ).trim();
			int slash = spec.indexOf( '/' );
			if ( slash < 0 ) {
				throw new BadRequest( "Malformed Content-Range: " + header );
			}
			String range = spec.substring( 0, slash );
			String total = spec.substring( slash + 1 );
			long totalValue = total.equals( "*" ) ? -1 : parseLong( total );
			if ( range.equals( "*" ) ) {
				if ( bodyLength != 0 ) {
					throw new BadRequest( "Content-Range " + header + " with a non-empty body" );
				}
				return new ContentRange( -1, -1, totalValue );
			}
			int dash = range.indexOf( '-' );
			if ( dash < 0 ) {
				throw new BadRequest( "Malformed Content-Range: " + header );
			}
			long first = parseLong( range.substring( 0, dash ) );
			long last = parseLong( range.substring( dash + 1 ) );
			if ( last - first + 1 != bodyLength ) {
				throw new BadRequest( "Content-Range " + header + " does not match a body of " + bodyLength + " bytes" );
			}
			return new ContentRange( first, last, totalValue );
		}
	}

	private static final class Response {
		final int status;
		final Map<String, String> headers;
		final byte[] body;

		Response(int status, Map<String, String> headers, byte[] body) {
			this.status = status;
			this.headers = headers;
			this.body = body;
		}
	}

	/**
	 * A body part of a {@code multipart/related} or {@code multipart/mixed} entity.
	 */
	private static final class Part {
		final Map<String, String> headers;
		final byte[] body;

		private Part(Map<String, String> headers, byte[] body) {
			this.headers = headers;
			this.body = body;
		}

		static List<Part> parseMultipart(byte[] entity, String contentType) {
			String boundary = boundary( contentType );
			String text = new String( entity, StandardCharsets.ISO_8859_1 );
			String delimiter = "--" + boundary;
			List<Part> parts = new ArrayList<>();
			int position = text.indexOf( delimiter );
			while ( position >= 0 ) {
				position += delimiter.length();
				if ( text.startsWith( "--", position ) ) {
					break;
				}
				int lineEnd = text.indexOf( "\r\n", position );
				if ( lineEnd < 0 ) {
					break;
				}
				int start = lineEnd + 2;
				int next = text.indexOf( "\r\n" + delimiter, start );
				if ( next < 0 ) {
					throw new BadRequest( "Unterminated multipart body part" );
				}
				parts.add( parse( text.substring( start, next ) ) );
				position = next + 2;
			}
			return parts;
		}

		private static Part parse(String text) {
			Map<String, String> headers = new HashMap<>();
			int bodyStart;
			if ( text.startsWith( "\r\n" ) ) {
				bodyStart = 2;
			}
			else {
				int end = text.indexOf( "\r\n\r\n" );
				if ( end < 0 ) {
					end = text.length();
					bodyStart = text.length();
				}
				else {
					bodyStart = end + 4;
				}
				parseHeaders( text.substring( 0, end ), headers );
			}
			return new Part( headers, text.substring( bodyStart ).getBytes( StandardCharsets.ISO_8859_1 ) );
		}

		static void parseHeaders(String block, Map<String, String> headers) {
			for ( String line : block.split( "\r\n" ) ) {
				int colon = line.indexOf( ':' );
				if ( colon > 0 ) {
					headers.putIfAbsent( line.substring( 0, colon ).trim().toLowerCase( Locale.ROOT ),
							line.substring( colon + 1 ).trim() );
				}
			}
		}

		private static String boundary(String contentType) {
			if ( contentType != null ) {
				for ( String parameter : contentType.split( ";" ) ) {
					String trimmed = parameter.trim();
					if ( trimmed.toLowerCase( Locale.ROOT ).startsWith( "boundary=" ) ) {
						String value = trimmed.substring( "boundary=".length() );
						if ( value.length() >= 2 && value.startsWith( "\"" ) && value.endsWith( "\"" ) ) {
							value = value.substring( 1, value.length() - 1 );
						}
						return value;
					}
				}
			}
			throw new BadRequest( "Missing multipart boundary in Content-Type: " + contentType );
		}
	}

	private static final class Request {
		final String method;
		final String rawPath;
		final String rawQuery;
		final List<String> rawSegments;
		final List<String> segments;
		final Map<String, String> query;
		final Map<String, String> headers;
		final byte[] body;

		private Request(String method, URI uri, Map<String, String> headers, byte[] body) {
			this.method = method.toUpperCase( Locale.ROOT );
			this.rawPath = uri.getRawPath() == null ? "/" : uri.getRawPath();
			this.rawQuery = uri.getRawQuery();
			this.headers = headers;
			this.body = body;
			List<String> raw = new ArrayList<>( Arrays.asList( rawPath.split( "/", -1 ) ) );
			if ( !raw.isEmpty() && raw.get( 0 ).isEmpty() ) {
				raw.remove( 0 );
			}
			this.rawSegments = raw;
			List<String> decoded = new ArrayList<>();
			for ( String segment : raw ) {
				decoded.add( decode( segment ) );
			}
			this.segments = decoded;
			Map<String, String> parameters = new LinkedHashMap<>();
			if ( rawQuery != null ) {
				for ( String pair : rawQuery.split( "&" ) ) {
					if ( pair.isEmpty() ) {
						continue;
					}
					int equals = pair.indexOf( '=' );
					String key = decode( equals < 0 ? pair : pair.substring( 0, equals ) );
					String value = equals < 0 ? "" : decode( pair.substring( equals + 1 ) );
					parameters.putIfAbsent( key, value );
				}
			}
			this.query = parameters;
		}

		static Request read(HttpExchange exchange) throws IOException {
			byte[] body = exchange.getRequestBody().readAllBytes();
			Map<String, String> headers = new HashMap<>();
			exchange.getRequestHeaders().forEach( (name, values) -> {
				if ( !values.isEmpty() ) {
					headers.put( name.toLowerCase( Locale.ROOT ), values.get( 0 ) );
				}
			} );
			return new Request( exchange.getRequestMethod(), exchange.getRequestURI(), headers, gunzip( headers, body ) );
		}

		/**
		 * Parses an HTTP request embedded in a batch part ({@code application/http}).
		 */
		static Request parseEmbedded(byte[] bytes) {
			String text = new String( bytes, StandardCharsets.ISO_8859_1 );
			int lineEnd = text.indexOf( "\r\n" );
			String requestLine = lineEnd < 0 ? text : text.substring( 0, lineEnd );
			String[] words = requestLine.trim().split( " " );
			if ( words.length < 2 ) {
				throw new BadRequest( "Malformed embedded request line: " + requestLine );
			}
			Map<String, String> headers = new HashMap<>();
			byte[] body = new byte[0];
			if ( lineEnd >= 0 ) {
				String rest = text.substring( lineEnd + 2 );
				int bodyStart;
				if ( rest.startsWith( "\r\n" ) ) {
					bodyStart = 2;
				}
				else {
					int end = rest.indexOf( "\r\n\r\n" );
					Part.parseHeaders( end < 0 ? rest : rest.substring( 0, end ), headers );
					bodyStart = end < 0 ? rest.length() : end + 4;
				}
				body = gunzip( headers, rest.substring( bodyStart ).getBytes( StandardCharsets.ISO_8859_1 ) );
			}
			try {
				return new Request( words[0], URI.create( words[1] ), headers, body );
			}
			catch (IllegalArgumentException e) {
				throw new BadRequest( "Malformed embedded request URI: " + words[1] );
			}
		}

		/**
		 * The client gzips JSON and multipart request bodies ({@code Content-Encoding: gzip}).
		 */
		private static byte[] gunzip(Map<String, String> headers, byte[] body) {
			if ( body.length == 0 || !"gzip".equalsIgnoreCase( headers.getOrDefault( "content-encoding", "" ).trim() ) ) {
				return body;
			}
			try ( GZIPInputStream in = new GZIPInputStream( new ByteArrayInputStream( body ) ) ) {
				return in.readAllBytes();
			}
			catch (IOException e) {
				throw new BadRequest( "Invalid gzip request body: " + e.getMessage() );
			}
		}

		String header(String name) {
			return headers.get( name );
		}

		String describe() {
			StringBuilder text = new StringBuilder( method ).append( ' ' ).append( rawPath );
			if ( rawQuery != null ) {
				text.append( '?' ).append( rawQuery );
			}
			for ( String name : List.of( "content-type", "content-range", "range", "x-goog-hash", "x-upload-content-type",
					"x-upload-content-length", "content-length", "content-encoding" ) ) {
				if ( headers.containsKey( name ) ) {
					text.append( " [" ).append( name ).append( ": " ).append( headers.get( name ) ).append( ']' );
				}
			}
			return text.append( " body=" ).append( body.length ).toString();
		}

		/**
		 * Returns the decoded object name, whose raw segments start at {@code index}; a name containing
		 * unencoded {@code /} spans several segments.
		 */
		String objectName(int index) {
			return decode( String.join( "/", rawSegments.subList( index, rawSegments.size() ) ) );
		}

		JsonObject jsonBody() {
			return parseJson( body );
		}
	}
}
