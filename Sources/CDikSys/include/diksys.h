#ifndef DIKSYS_H
#define DIKSYS_H

/// Atomically swaps two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise.
int dik_exchange_paths(const char *first, const char *second);

/// Returns memory the allocator holds but no longer uses to the system
/// (glibc malloc_trim); does nothing where the allocator has no such call.
void dik_release_free_memory(void);

#endif
