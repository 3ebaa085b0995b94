/**
 * Google Cloud Storage backend: storage service type {@code gcs}
 * ({@link io.github.hibernateattachments.gcs.GcsStorageServiceFactory} lists its settings).
 */
package io.github.hibernateattachments.gcs;
