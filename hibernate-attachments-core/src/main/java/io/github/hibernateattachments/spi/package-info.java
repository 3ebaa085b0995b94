/**
 * Extension points: {@link io.github.hibernateattachments.spi.StorageService} is what a storage backend
 * implements. Nothing here exposes an internal type.
 */
package io.github.hibernateattachments.spi;
