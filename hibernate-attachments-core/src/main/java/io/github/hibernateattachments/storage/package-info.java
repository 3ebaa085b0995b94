/**
 * The built-in {@link io.github.hibernateattachments.spi.StorageService storage backends}:
 * <ul>
 *     <li>{@link io.github.hibernateattachments.storage.DiskStorageService} keeps each object as a file under a
 *     root folder, sharded by the first characters of its key, written to a temporary file and published under
 *     its key only once complete and forced to the device;</li>
 *     <li>{@link io.github.hibernateattachments.storage.InMemoryStorageService} keeps objects in a map, for
 *     tests.</li>
 * </ul>
 * Both accept only the keys the extension generates and refuse to overwrite an existing object.
 */
package io.github.hibernateattachments.storage;
