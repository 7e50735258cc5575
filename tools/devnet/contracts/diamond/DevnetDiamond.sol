// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {SolidStateDiamond} from "@solidstate/contracts/proxy/diamond/SolidStateDiamond.sol";

/**
 * @notice EIP-2535 diamond from @solidstate/contracts' reference implementation. Its diamond-cut
 * (`diamondCut(FacetCut[],address,bytes)`, `DiamondCut` event) and loupe facets are built in: the constructor
 * registers their selectors with the diamond itself as facet (one `DiamondCut` at deployment). Owned by the deployer.
 */
contract DevnetDiamond is SolidStateDiamond {}
