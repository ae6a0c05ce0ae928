"""Confinement of a query process, applied in the child right after the fork and before any query:
no network sockets (a seccomp filter), and an address-space limit.

pyoxigraph evaluates SERVICE by opening its own HTTP connection and offers no switch to turn that
off, so the query text pre-check (query_text.py) is not enough on its own: a query it misjudges
would still make the request. Here the kernel refuses `socket()` for every family but AF_UNIX (the
socket pair to the server) and `io_uring_setup` (which could open sockets without `socket()`), so
evaluation cannot reach another host whatever the query says. The filter needs no privilege
(`PR_SET_NO_NEW_PRIVS` first) and is inherited by the query thread.

The memory limit is RLIMIT_AS set to what the process maps after the fork plus a budget: the store
shared with the server stays readable, and a query that needs more fails to allocate (the Rust
engine then aborts the process, which the executor reports as the memory limit).
"""
from __future__ import annotations

import ctypes
import platform
import resource
import struct

_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000
_EACCES, _ENOSYS, _AF_UNIX = 13, 38, 1
# machine → (AUDIT_ARCH, socket, io_uring_setup, first syscall number of a foreign ABI or None)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425, 0x40000000),   # x32 ABI numbers have bit 30 set
    "aarch64": (0xC00000B7, 198, 425, None),
}


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _program(arch: int, nr_socket: int, nr_uring: int, foreign: int | None) -> list[tuple[int, int, int, int]]:
    """The BPF program: (code, jump if true, jump if false, k), jumps counted from the next instruction."""
    prog: list = [
        (_LD_W_ABS, 0, 0, 4),                     # seccomp_data.arch
        (_JEQ_K, 1, 0, arch),
        (_RET_K, 0, 0, _ERRNO | _ENOSYS),         # another ABI (ia32 through int 0x80): nothing
        (_LD_W_ABS, 0, 0, 0),                     # seccomp_data.nr
    ]
    if foreign is not None:
        prog += [(_JGE_K, 0, 1, foreign), (_RET_K, 0, 0, _ERRNO | _ENOSYS)]
    prog += [
        (_JEQ_K, 0, 1, nr_uring), (_RET_K, 0, 0, _ERRNO | _ENOSYS),
        (_JEQ_K, 1, 0, nr_socket), (_RET_K, 0, 0, _ALLOW),
        (_LD_W_ABS, 0, 0, 16),                    # args[0] (low half, little-endian): the family
        (_JEQ_K, 0, 1, _AF_UNIX), (_RET_K, 0, 0, _ALLOW),
        (_RET_K, 0, 0, _ERRNO | _EACCES),
    ]
    return prog


def deny_network() -> bool:
    """Forbid network sockets in this process and the threads it starts; False where unsupported."""
    spec = _ARCHES.get(platform.machine())
    if spec is None or struct.calcsize("P") != 8:
        return False
    prog = _program(*spec)
    array = (_SockFilter * len(prog))(*[_SockFilter(*i) for i in prog])
    fprog = _SockFprog(len(prog), array)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0


def mapped_bytes() -> int:
    """The process's current address space (VmSize), which the limit must leave room above."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def limit_memory(budget: int) -> None:
    """Let this process map at most `budget` bytes more than it maps now (0: no limit)."""
    if budget > 0:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = mapped_bytes() + budget
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
