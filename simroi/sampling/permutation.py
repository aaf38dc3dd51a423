"""The Latin hypercube's strata permutation: a keyed Feistel network evaluated per index.

No O(n) array is ever held: ``permute(index, n, keys)`` maps any range of
iteration indices to their strata, so a chunk of a huge design costs only its size.
"""

from __future__ import annotations

import functools

import numpy as np

__all__ = ["permute"]


# --------------------------------------------------------------------------- LHS permutation

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)


def _mix(v: np.ndarray, key: np.uint64, shift: np.uint64) -> np.ndarray:
    """splitmix64 of (v xor key), shifted right by `shift`: a 64-bit hash, vectorised.

    uint64 arithmetic wraps; every step after the first works in place (the
    temporaries of the plain expression cost as much as the arithmetic).
    """
    z = v ^ key
    z += _GOLDEN
    t = z >> _S30
    z ^= t
    z *= _MIX1
    np.right_shift(z, _S27, out=t)
    z ^= t
    z *= _MIX2
    np.right_shift(z, _S31, out=t)
    z ^= t
    z >>= shift
    return z


def _feistel(x: np.ndarray, lo_bits: int, hi_bits: int, keys: np.ndarray) -> np.ndarray:
    """A keyed bijection of [0, 2**(lo_bits + hi_bits)): alternating (unbalanced) Feistel rounds."""
    lo_mask = np.uint64((1 << lo_bits) - 1)
    shift = np.uint64(lo_bits)
    hi = x >> shift
    lo = x & lo_mask
    for r, key in enumerate(keys):
        # each round xors one half with a hash of the other: invertible whatever the hash
        if r % 2 == 0:
            lo ^= _round(hi, key, hi_bits, lo_bits)
        elif hi_bits:
            hi ^= _round(lo, key, lo_bits, hi_bits)
    hi <<= shift
    hi |= lo
    return hi


_TABLE_BITS = 14  # a half of at most this many bits is hashed through a table


def _round(half: np.ndarray, key: np.uint64, in_bits: int, out_bits: int) -> np.ndarray:
    """The round function: the top `out_bits` bits of splitmix64(half xor key)."""
    if in_bits <= _TABLE_BITS and half.size > (1 << in_bits):
        # a small half has few values: look their hashes up (the same numbers); the
        # int64 view indexes 3x faster than uint64 (values < 2**63: the same indices)
        return _round_table(int(key), in_bits, out_bits)[half.view(np.int64)]
    return _mix(half, key, np.uint64(64 - out_bits))


@functools.lru_cache(maxsize=128)
def _round_table(key: int, in_bits: int, out_bits: int) -> np.ndarray:
    values = np.arange(1 << in_bits, dtype=np.uint64)
    table = _mix(values, np.uint64(key), np.uint64(64 - out_bits))
    table.flags.writeable = False
    return table


def permute(index: np.ndarray, n: int, keys: np.ndarray) -> np.ndarray:
    """A keyed pseudo-random permutation of ``range(n)``, evaluated at `index`.

    A Feistel network on the smallest power of two >= n, with cycle walking
    back into [0, n) (the construction of Kensler's ``permute``, Pixar 2013,
    with a Feistel network in place of his hash): O(len(index)) time and
    memory, whatever n.

    Parameters
    ----------
    index : ndarray of uint64
        Positions in [0, n).
    n : int
        Size of the permuted range, >= 1.
    keys : ndarray of uint64
        One key per round (an even number >= 4 recommended).

    Returns
    -------
    ndarray of uint64, same shape as `index`
    """
    index = np.asarray(index, dtype=np.uint64)
    if n == 1:
        return np.zeros_like(index)
    bits = (n - 1).bit_length()
    lo_bits = bits - bits // 2  # lo_bits >= hi_bits >= 0
    hi_bits = bits // 2
    x = _feistel(index, lo_bits, hi_bits, keys)
    walk = np.flatnonzero(x >= np.uint64(n))
    while walk.size:  # cycle walking: re-encrypt until inside [0, n); ends as i itself is
        y = _feistel(x[walk], lo_bits, hi_bits, keys)
        x[walk] = y
        walk = walk[y >= np.uint64(n)]
    return x
