// Package atomicfile writes files so that readers see either the old content
// or the complete new content, never a partial file: data goes to a temporary
// file in the same directory, is synced, and is renamed over the target. A
// target that is not a regular file (/dev/null, a named pipe) or that names
// an open descriptor (/dev/stdout, /dev/fd/N, /proc/…) is written in place,
// appending: renaming over it would replace the device, or the link to the
// descriptor, with a file. A symlink to a regular file keeps its link: the
// file it points to is replaced.
package atomicfile
