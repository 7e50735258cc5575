// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.22;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";

/**
 * @dev Minimal upgrade-safe owner check (the OZ 5 non-upgradeable package ships no OwnableUpgradeable).
 * State lives in an ERC-7201 namespaced slot so implementations can add storage freely.
 */
abstract contract OwnableLite is Initializable {
    /// @custom:storage-location erc7201:pum.devnet.OwnableLite
    struct OwnableLiteStorage {
        address owner;
    }

    // keccak256(abi.encode(uint256(keccak256("pum.devnet.OwnableLite")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant OWNABLE_LITE_SLOT = 0x0f1f484a1b362863b8e0399a815c7693ab1beac93bb77770c3e3cc4d39a06e00;

    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotOwner(address account);
    error ZeroOwner();

    modifier onlyOwner() {
        if (msg.sender != owner()) revert NotOwner(msg.sender);
        _;
    }

    function __OwnableLite_init(address initialOwner) internal onlyInitializing {
        _transferOwnership(initialOwner);
    }

    function owner() public view returns (address) {
        return _ownableLiteStorage().owner;
    }

    function transferOwnership(address newOwner) external onlyOwner {
        _transferOwnership(newOwner);
    }

    function _transferOwnership(address newOwner) private {
        if (newOwner == address(0)) revert ZeroOwner();
        OwnableLiteStorage storage $ = _ownableLiteStorage();
        emit OwnershipTransferred($.owner, newOwner);
        $.owner = newOwner;
    }

    function _ownableLiteStorage() private pure returns (OwnableLiteStorage storage $) {
        assembly {
            $.slot := OWNABLE_LITE_SLOT
        }
    }
}
