#ifndef DIKSYS_H
#define DIKSYS_H

/// Atomically swaps two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise.
int dik_exchange_paths(const char *first, const char *second);

/// Returns memory the allocator holds but no longer uses to the system
/// (glibc malloc_trim); does nothing where the allocator has no such call.
void dik_release_free_memory(void);

/// Makes the allocator give every large block (128 KiB and up) its own mapping,
/// returned to the system when freed, instead of raising that limit as large blocks
/// come and go and keeping them in its heaps (glibc mallopt M_MMAP_THRESHOLD).
void dik_map_large_blocks_apart(void);

#endif
