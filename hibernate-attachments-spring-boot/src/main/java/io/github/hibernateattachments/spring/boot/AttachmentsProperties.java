package io.github.hibernateattachments.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code attachments.*} properties of a Spring Boot application, handed to Hibernate as the
 * {@code hibernate.attachments.*} settings of {@link io.github.hibernateattachments.AttachmentsSettings}.
 * A property left unset keeps the library's default.
 */
@ConfigurationProperties("attachments")
public class AttachmentsProperties {

	/** Whether the extension is active; when false, entities' attachments are plain columns nothing manages. */
	private boolean enabled = true;

	/** The storage service that @Attached attributes without a service of their own use; optional with one service. */
	private String service;

	/** Storage services by name: the name is what blob rows record and @Attached(service) refers to. */
	private Map<String, Service> services = new LinkedHashMap<>();

	/**
	 * Whether a disk service without a root stores its files in ./attachments/&lt;service name&gt; under the working
	 * directory; and, when no service is configured and no StorageService bean exists, whether such a service
	 * named 'disk' is created. Meant for development: production wants an explicit root.
	 */
	private boolean defaultDiskRoot = false;

	/** The largest file accepted; default: spring.servlet.multipart.max-file-size when set, otherwise 1GB. */
	private DataSize maxSize;

	private final Upload upload = new Upload();

	private final Purge purge = new Purge();

	private final Outbox outbox = new Outbox();

	private final Sweep sweep = new Sweep();

	private final DeleteOrdering deleteOrdering = new DeleteOrdering();

	/** Whether the boot checks that the extension's tables exist, failing with the scripts to run if not (default true). */
	private Boolean schemaCheck;

	/**
	 * What the boot does with the schema doctor's findings (missing foreign keys, ON DELETE actions that contradict the
	 * mapping, unindexed key columns): off, warn (log them) or fail (refuse to start). Default warn.
	 */
	private DoctorMode doctor;

	/** The values of {@code attachments.doctor}. */
	public enum DoctorMode {
		/** The doctor does not run at boot. */
		OFF,
		/** Findings are logged. */
		WARN,
		/** Findings fail the start. */
		FAIL
	}

	private final Web web = new Web();

	/** The outbox worker: deletes the files of due outbox rows, retries failures, removes abandoned uploads. */
	private final Job worker = new Job( true, Duration.ofSeconds( 30 ) );

	/** The sweeper: purges blobs that nothing references any more (bulk and database-cascaded deletes). */
	private final Job sweeper = new Job( false, Duration.ofHours( 1 ) );

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getService() {
		return service;
	}

	public void setService(String service) {
		this.service = service;
	}

	public Map<String, Service> getServices() {
		return services;
	}

	public void setServices(Map<String, Service> services) {
		this.services = services;
	}

	public boolean isDefaultDiskRoot() {
		return defaultDiskRoot;
	}

	public void setDefaultDiskRoot(boolean defaultDiskRoot) {
		this.defaultDiskRoot = defaultDiskRoot;
	}

	public DataSize getMaxSize() {
		return maxSize;
	}

	public void setMaxSize(DataSize maxSize) {
		this.maxSize = maxSize;
	}

	public Upload getUpload() {
		return upload;
	}

	public Purge getPurge() {
		return purge;
	}

	public Outbox getOutbox() {
		return outbox;
	}

	public Sweep getSweep() {
		return sweep;
	}

	public DeleteOrdering getDeleteOrdering() {
		return deleteOrdering;
	}

	public Boolean getSchemaCheck() {
		return schemaCheck;
	}

	public void setSchemaCheck(Boolean schemaCheck) {
		this.schemaCheck = schemaCheck;
	}

	public DoctorMode getDoctor() {
		return doctor;
	}

	public void setDoctor(DoctorMode doctor) {
		this.doctor = doctor;
	}

	public Web getWeb() {
		return web;
	}

	public Job getWorker() {
		return worker;
	}

	public Job getSweeper() {
		return sweeper;
	}

	/** One storage service: its type and the keys that type reads. */
	public static class Service {

		/** The service's type: disk, memory, mirror, gcs, or the class name of a StorageServiceFactory or StorageService. */
		private String type;

		/** Instead of a type: the name of a StorageService bean of the application context. */
		private String bean;

		/** disk: the folder files are stored in (created if missing); nothing is written or read outside it. */
		private Path root;

		/** gcs: the bucket. */
		private String bucket;

		/** gcs: a prefix for the object names, e.g. 'attachments/'. */
		private String prefix;

		/** gcs: the Google Cloud project; default: the credentials' project. */
		private String projectId;

		/** gcs: a service account key file, or 'none' for an emulator; default: Application Default Credentials. */
		private String credentials;

		/** gcs: another endpoint, e.g. an emulator's http://localhost:4443. */
		private String host;

		/** gcs: the size of each chunk of a resumable upload (default 8MB). */
		private DataSize chunkSize;

		/** gcs: whether the bucket's existence and access are checked at boot (default true). */
		private Boolean checkBucket;

		/** gcs: the name of a com.google.cloud.storage.Storage bean to use as client. */
		private String clientBean;

		/** mirror: the service that is written first and read from. */
		private String primary;

		/** mirror: the services every file is copied to. */
		private List<String> mirrors = new ArrayList<>();

		/** Other keys of the service's type (for types of your own), passed on as they are. */
		private Map<String, String> properties = new LinkedHashMap<>();

		public String getType() {
			return type;
		}

		public void setType(String type) {
			this.type = type;
		}

		public String getBean() {
			return bean;
		}

		public void setBean(String bean) {
			this.bean = bean;
		}

		public Path getRoot() {
			return root;
		}

		public void setRoot(Path root) {
			this.root = root;
		}

		public String getBucket() {
			return bucket;
		}

		public void setBucket(String bucket) {
			this.bucket = bucket;
		}

		public String getPrefix() {
			return prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public String getProjectId() {
			return projectId;
		}

		public void setProjectId(String projectId) {
			this.projectId = projectId;
		}

		public String getCredentials() {
			return credentials;
		}

		public void setCredentials(String credentials) {
			this.credentials = credentials;
		}

		public String getHost() {
			return host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public DataSize getChunkSize() {
			return chunkSize;
		}

		public void setChunkSize(DataSize chunkSize) {
			this.chunkSize = chunkSize;
		}

		public Boolean getCheckBucket() {
			return checkBucket;
		}

		public void setCheckBucket(Boolean checkBucket) {
			this.checkBucket = checkBucket;
		}

		public String getClientBean() {
			return clientBean;
		}

		public void setClientBean(String clientBean) {
			this.clientBean = clientBean;
		}

		public String getPrimary() {
			return primary;
		}

		public void setPrimary(String primary) {
			this.primary = primary;
		}

		public List<String> getMirrors() {
			return mirrors;
		}

		public void setMirrors(List<String> mirrors) {
			this.mirrors = mirrors;
		}

		public Map<String, String> getProperties() {
			return properties;
		}

		public void setProperties(Map<String, String> properties) {
			this.properties = properties;
		}
	}

	/** Uploads. */
	public static class Upload {

		/** How long an upload may stay uncommitted before the worker removes its file (default 1h). */
		private Duration gracePeriod;

		/**
		 * 'own_transaction' (default): an upload intent commits on a second connection of the pool before the file
		 * is written, so a crash never leaves a file nothing tracks (size the pool to twice the concurrent uploads);
		 * 'none': no intent row, one connection per transaction.
		 */
		private String intent;

		/** How long an upload waits for the second connection its intent commits on (default 10s). */
		private Duration intentTimeout;

		public Duration getGracePeriod() {
			return gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

		public String getIntent() {
			return intent;
		}

		public void setIntent(String intent) {
			this.intent = intent;
		}

		public Duration getIntentTimeout() {
			return intentTimeout;
		}

		public void setIntentTimeout(Duration intentTimeout) {
			this.intentTimeout = intentTimeout;
		}
	}

	/** Deletes of purged files. */
	public static class Purge {

		/** The first delay before a failed delete is retried (default 30s); it doubles on each failure. */
		private Duration retryDelay;

		/** The longest delay between two retries (default 1h). */
		private Duration maxRetryDelay;

		public Duration getRetryDelay() {
			return retryDelay;
		}

		public void setRetryDelay(Duration retryDelay) {
			this.retryDelay = retryDelay;
		}

		public Duration getMaxRetryDelay() {
			return maxRetryDelay;
		}

		public void setMaxRetryDelay(Duration maxRetryDelay) {
			this.maxRetryDelay = maxRetryDelay;
		}
	}

	/** The outbox of file deletes. */
	public static class Outbox {

		/** Rows claimed per transaction by the worker (default 100). */
		private Integer batchSize;

		public Integer getBatchSize() {
			return batchSize;
		}

		public void setBatchSize(Integer batchSize) {
			this.batchSize = batchSize;
		}
	}

	/** The sweeper's rules. */
	public static class Sweep {

		/** Blobs younger than this are never swept: their owner may not have committed yet (default 1h). */
		private Duration gracePeriod;

		/** Blobs purged per transaction (default 1000). */
		private Integer batchSize;

		/** Whether the sweeper only reports what it would purge. */
		private Boolean dryRun;

		public Duration getGracePeriod() {
			return gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

		public Integer getBatchSize() {
			return batchSize;
		}

		public void setBatchSize(Integer batchSize) {
			this.batchSize = batchSize;
		}

		public Boolean getDryRun() {
			return dryRun;
		}

		public void setDryRun(Boolean dryRun) {
			this.dryRun = dryRun;
		}
	}

	/** The delete planner, which orders a flush's deletes child first. */
	public static class DeleteOrdering {

		/** Whether the planner orders deletes (default true). */
		private Boolean enabled;

		/** Whether foreign keys read from the database at boot are taken into account too (default true). */
		private Boolean databaseForeignKeys;

		public Boolean getEnabled() {
			return enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Boolean getDatabaseForeignKeys() {
			return databaseForeignKeys;
		}

		public void setDatabaseForeignKeys(Boolean databaseForeignKeys) {
			this.databaseForeignKeys = databaseForeignKeys;
		}
	}

	/** Serving attachments from Spring MVC controllers (AttachmentResponses). */
	public static class Web {

		/** Whether attachments of a storage service that signs URLs (GCS) are served by a redirect to a signed URL. */
		private boolean redirectToSignedUrl = true;

		/** How long a signed URL of a redirect stays valid. */
		private Duration signedUrlTtl = Duration.ofMinutes( 5 );

		public boolean isRedirectToSignedUrl() {
			return redirectToSignedUrl;
		}

		public void setRedirectToSignedUrl(boolean redirectToSignedUrl) {
			this.redirectToSignedUrl = redirectToSignedUrl;
		}

		public Duration getSignedUrlTtl() {
			return signedUrlTtl;
		}

		public void setSignedUrlTtl(Duration signedUrlTtl) {
			this.signedUrlTtl = signedUrlTtl;
		}
	}

	/** A job run on Spring's task scheduler, on every instance of the application (claims make that safe). */
	public static class Job {

		/** Whether the job runs. */
		private boolean enabled;

		/** The delay between the end of one run and the start of the next. */
		private Duration interval;

		/** A cron expression; when set, it replaces the interval. */
		private String cron;

		Job(boolean enabled, Duration interval) {
			this.enabled = enabled;
			this.interval = interval;
		}

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public String getCron() {
			return cron;
		}

		public void setCron(String cron) {
			this.cron = cron;
		}
	}
}
