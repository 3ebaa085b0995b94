/**
 * The test kit of hibernate-attachments, for applications' integration tests: {@link
 * io.github.hibernateattachments.testing.AttachmentsTest} (a JUnit 5 extension), {@link
 * io.github.hibernateattachments.testing.TestStorage} (storage type {@code test}: in memory or in a temporary folder,
 * recording its calls, failing on demand), {@link io.github.hibernateattachments.testing.RecordingStorageService}
 * (records the calls of any storage) and {@link io.github.hibernateattachments.testing.AttachmentsAssertions}
 * ({@code assertThat(entityManagerFactory).isSound()}).
 */
package io.github.hibernateattachments.testing;
