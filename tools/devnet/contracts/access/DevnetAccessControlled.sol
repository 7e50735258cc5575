// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/**
 * @notice Emits OZ 5's Ownable, AccessControl and Pausable events: OwnershipTransferred, RoleGranted,
 * RoleRevoked, RoleAdminChanged, Paused, Unpaused. The deployer is owner and DEFAULT_ADMIN_ROLE holder.
 */
contract DevnetAccessControlled is AccessControl, Pausable, Ownable {
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    constructor(address admin) Ownable(admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @dev Exposes OZ's internal `_setRoleAdmin` (emits RoleAdminChanged) to the owner.
    function setRoleAdmin(bytes32 role, bytes32 adminRole) external onlyOwner {
        _setRoleAdmin(role, adminRole);
    }
}
