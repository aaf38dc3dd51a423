"""The Latin hypercube's strata permutation: a keyed Feistel network evaluated per index.

No O(n) array is ever held: ``permute(index, n, keys)`` maps any range of
iteration indices to their strata, so a chunk of a huge design costs only its size.
"""

from __future__ import annotations

import numpy as np

__all__ = ["permute"]


# --------------------------------------------------------------------------- LHS permutation

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def _mix(v: np.ndarray, key: np.uint64) -> np.ndarray:
    """splitmix64 of (v xor key): a 64-bit hash, vectorised (uint64 arithmetic wraps)."""
    z = (v ^ key) + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


def _feistel(x: np.ndarray, lo_bits: int, hi_bits: int, keys: np.ndarray) -> np.ndarray:
    """A keyed bijection of [0, 2**(lo_bits + hi_bits)): alternating (unbalanced) Feistel rounds."""
    lo_mask = np.uint64((1 << lo_bits) - 1)
    shift = np.uint64(lo_bits)
    hi = x >> shift
    lo = x & lo_mask
    for r, key in enumerate(keys):
        # each round xors one half with a hash of the other: invertible whatever the hash
        if r % 2 == 0:
            lo = lo ^ (_mix(hi, key) >> np.uint64(64 - lo_bits))
        elif hi_bits:
            hi = hi ^ (_mix(lo, key) >> np.uint64(64 - hi_bits))
    return (hi << shift) | lo


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
