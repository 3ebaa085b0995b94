/**
 * Uploads: reading the application's content once (size, checksum, detected content type), refusing what an
 * attribute does not allow before anything is kept, recording the upload intent, then storing the file under
 * an unguessable key.
 */
package io.github.hibernateattachments.internal.upload;
